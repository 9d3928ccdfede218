import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the fleet</Link>.
      </p>
    </section>
  );
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Years a person could mean; outside them a date is a typo or a probe (and JavaScript's own range ends at 275760). */
export const instantYears = { min: 1970, max: 9999 } as const;

/** ISO 8601 as people send it: a date, or a date-time with seconds optional and a zone (Z or ±hh:mm) required. */
const isoInstant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** JavaScript rolls 2027-02-30 over to March 2nd; a day the month does not have is refused instead. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isInstantInRange(value: unknown): boolean {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return false;
  const year = value.getUTCFullYear();
  return year >= instantYears.min && year <= instantYears.max;
}

/**
 * A point in time sent as ISO 8601 text (`2027-01-31` or `2027-01-31T12:00:00Z`) with a year from 1970 to 9999;
 * the DTO receives a Date. Use it for every date a route accepts, instead of `@Type(() => Date) @IsDate()`, which
 * accepts numbers and years no database column holds.
 */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && isoInstant.test(value) && isCalendarDate(value) ? new Date(value) : value), { toClassOnly: true }),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: isInstantInRange,
        defaultMessage: (args) =>
          `${args?.property ?? 'the date'} must be an ISO 8601 date or date-time with a zone and a year from ${instantYears.min} to ${instantYears.max}, e.g. 2027-01-31T00:00:00Z`,
      },
    }),
  );
}

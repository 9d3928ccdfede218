import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { httpStatusOf, type DomainErrorCode } from './domain-error.js';
import { problemContentType, problemTypeBase, titleOf, type ProblemDetails } from './problem-details.js';

/**
 * Node's HTTP parser refuses some requests before Express sees them (a 20 KB URL overflows the header limit) and
 * would answer with an empty body. This answers them with a problem document like every other error.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const code: DomainErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'malformed-request';
    const status = httpStatusOf(code);
    const problem: ProblemDetails = {
      type: problemTypeBase + code,
      title: titleOf(status),
      status,
      detail:
        code === 'headers-too-large'
          ? 'The URL and headers together exceed 16 KB; send long filters in fewer or shorter parameters.'
          : 'The request is not valid HTTP/1.1.',
      instance: '/',
      correlationId: randomUUID(),
    };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${titleOf(status)}\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Correlation-Id: ${problem.correlationId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

export { closedLocalPort } from './closed-port.js';

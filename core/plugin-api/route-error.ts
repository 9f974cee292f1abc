/** A refused read: answered with this status and message as the API's JSON error. */
export class RouteError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

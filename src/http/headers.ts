/** A request's headers as the router's context carries them: a plain record, names in lower case (as Headers gives them). */
export function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

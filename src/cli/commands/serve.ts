/** `ccr __serve`: one server, as the supervisor runs it; its config, port and host are in the environment. */
export const help = 'Usage: ccr __serve (internal: one server of the supervised service)';

export async function run(): Promise<number> {
  await import('../../index');
  return 0;
}

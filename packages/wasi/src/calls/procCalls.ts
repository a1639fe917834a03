/**
 * proc_exit / proc_raise and the sock_* family. proc_exit throws ExitStatus (see
 * exitStatus.ts); signals are not supported (ENOSYS) and no fd is a socket (ENOTSOCK, or
 * EBADF for a closed fd).
 */
import { Errno } from '../errno.ts';
import { ExitStatus } from '../exitStatus.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

export function procCalls(ctx: WasiContext): WasiCalls {
  const notSocket = (fd: number): number => {
    ctx.fds.get(fd);
    return Errno.NOTSOCK;
  };
  return {
    proc_exit: (code: number) => {
      throw new ExitStatus(code >>> 0);
    },
    proc_raise: () => Errno.NOSYS,
    sock_accept: (fd: number) => notSocket(fd),
    sock_recv: (fd: number) => notSocket(fd),
    sock_send: (fd: number) => notSocket(fd),
    sock_shutdown: (fd: number) => notSocket(fd),
  };
}

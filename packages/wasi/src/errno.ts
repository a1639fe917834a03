/**
 * WASI preview1 errno values (typenames.witx `errno`, u16), and the mapping from Node's
 * `err.code` strings to them. Every WASI call returns one of these; 0 is success.
 */
export const Errno = {
  SUCCESS: 0, TOOBIG: 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6,
  ALREADY: 7, BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20,
  FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27,
  INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33, MLINK: 34, MSGSIZE: 35,
  MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41,
  NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49,
  NOPROTOOPT: 50, NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55,
  NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58, NOTTY: 59, NXIO: 60, OVERFLOW: 61,
  OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68,
  ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75,
  NOTCAPABLE: 76,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

/** A WASI call failed with this errno; thrown inside the implementation, caught at the boundary. */
export class WasiError extends Error {
  constructor(readonly errno: Errno) {
    super(`WASI errno ${errno}`);
  }
}

/**
 * POSIX error codes ('ENOENT', ...), as node:fs and every FileSystem throw them → WASI errno.
 * ENOTCAPABLE has no host equivalent.
 */
export function errnoFromHost(code: string | undefined): Errno {
  if (!code || !code.startsWith('E')) return Errno.IO;
  const name = code.slice(1);
  switch (name) {
    case '2BIG': return Errno.TOOBIG;
    case 'WOULDBLOCK': return Errno.AGAIN;
    case 'OPNOTSUPP': return Errno.NOTSUP;
    case 'NOTEMPTY': return Errno.NOTEMPTY;
  }
  const errno = (Errno as Record<string, Errno>)[name];
  return errno ?? Errno.IO;
}

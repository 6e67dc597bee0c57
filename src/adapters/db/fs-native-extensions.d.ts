/**
 * The part of `fs-native-extensions` (Holepunch, no bundled types) Unblock uses; see its README,
 * https://github.com/holepunchto/fs-native-extensions#api.
 */
declare module 'fs-native-extensions' {
  /**
   * Requests a lock on the open file `fd` without waiting: exclusive (a write lock, `fd` must be
   * writable) unless `shared`. On Linux an open-file-description lock (`F_OFD_SETLK`) over the whole
   * file. Returns false when another file descriptor holds a conflicting lock; throws the system
   * error otherwise.
   */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
}

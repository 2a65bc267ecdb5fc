#include <sodium.h>

#ifdef __linux__
#include <sys/prctl.h>
/// prctl is variadic, which Swift cannot call: this wrapper makes the process
/// non-dumpable (no core file, no ptrace by other users' processes).
static inline int evault_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }
#else
static inline int evault_set_not_dumpable(void) { return 0; }
#endif

#ifdef __linux__
#include <sys/vfs.h>
/// The file system type (statfs f_type) of `fd`'s file system, or -1.
static inline long evault_fs_type(int fd) {
    struct statfs fs;
    return fstatfs(fd, &fs) == 0 ? (long)fs.f_type : -1;
}

#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/syscall.h>
/// Removes directory `name` (relative to `parentfd`) and what it holds, down to
/// `depth` levels of subdirectories, with async-signal-safe calls only
/// (openat, getdents64, unlinkat, close): usable from a signal handler.
static inline void evault_remove_tree(int parentfd, const char *name, int depth) {
    int fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    char buf[4096] __attribute__((aligned(8)));
    for (int pass = 0; pass < 64; pass++) {
        int removed = 0;
        lseek(fd, 0, SEEK_SET);
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n <= 0) break;
            for (long off = 0; off < n;) {
                unsigned short reclen = *(unsigned short *)(buf + off + 16);
                unsigned char type = *(unsigned char *)(buf + off + 18);
                const char *child = buf + off + 19;
                off += reclen;
                if (child[0] == '.' && (child[1] == 0 || (child[1] == '.' && child[2] == 0))) continue;
                if (type == DT_DIR) {
                    if (depth > 0) { evault_remove_tree(fd, child, depth - 1); removed++; }
                } else if (unlinkat(fd, child, 0) == 0) {
                    removed++;
                }
            }
        }
        if (removed == 0) break;
    }
    close(fd);
    unlinkat(parentfd, name, AT_REMOVEDIR);
}
#endif

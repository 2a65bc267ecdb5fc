// qpdf's C API for PDF structure editing, and memfd_create for handing plaintext
// to poppler's tools without a named file.
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <zlib.h>
#ifdef __linux__
// Declared here rather than through _GNU_SOURCE, which would give the system
// headers other definitions than CSodium's and break the clang module build.
extern int memfd_create(const char *name, unsigned int flags);
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif
#endif

// An anonymous memory file; -1 where the system has none (the cleaner then
// refuses the formats that need one rather than writing a named file).
static inline int evault_memfd(const char *name) {
#ifdef __linux__
    return memfd_create(name, MFD_CLOEXEC);
#else
    (void)name;
    return -1;
#endif
}

// One-shot zlib inflate into a caller's buffer of fixed capacity, so a hostile
// stream cannot expand past it. Returns 0 and the length when the stream ended
// within the capacity, -1 otherwise.
static inline int evault_inflate(const unsigned char *in, size_t in_len,
                                 unsigned char *out, size_t out_cap, size_t *out_len) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK) return -1;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)in_len;
    s.next_out = out;
    s.avail_out = (uInt)out_cap;
    int rc = inflate(&s, Z_FINISH);
    *out_len = out_cap - s.avail_out;
    inflateEnd(&s);
    return rc == Z_STREAM_END ? 0 : -1;
}

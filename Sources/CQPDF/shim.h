// qpdf's C API for PDF structure editing, and memfd_create for handing plaintext
// to poppler's tools without a named file.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <qpdf/qpdf-c.h>
#ifdef __linux__
#include <sys/mman.h>
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

// qpdf's C API for PDF structure editing, and memfd_create for handing plaintext
// to poppler's tools without a named file.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <qpdf/qpdf-c.h>

static inline int evault_memfd(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}

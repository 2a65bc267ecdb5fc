// The Linux kernel key retention service, through libkeyutils (Debian
// libkeyutils-dev): Swift cannot call the variadic syscall(2) itself.
#include <keyutils.h>

#!/usr/bin/env bash
# Native dependencies of tpsim, shared by ./tpsim and ./tpsim-test.
# Sourced: defines tpsim_ensure_deps. Run directly: ensures them and exits 0, or 2 when they are missing.
# As root a missing package is installed with apt-get; otherwise the one command to run is printed,
# because a half-working toolchain would only fail later with a less helpful message.

# Whether the dynamic linker finds the shared library with soname $1 (a library package has no command to look for).
tpsim_has_library() {
    compgen -G "/usr/lib/*/$1" >/dev/null || compgen -G "/lib/*/$1" >/dev/null \
        || { command -v ldconfig >/dev/null && ldconfig -p 2>/dev/null | grep -qF "$1 "; }
}

# Debian 12 package for each command or library tpsim needs; with the argument "oracle", also the
# independent executors of the cross-check (qemu-user for every ISA but x86_64, which runs natively).
tpsim_missing_packages() {
    local -a missing=()
    if [[ ${1:-} == oracle ]]; then
        # The HTML reports are checked in a real browser: Debian's chromium, run headless by the tests.
        command -v chromium >/dev/null || missing+=(chromium)
        local emulator
        for emulator in qemu-aarch64 qemu-riscv64 qemu-i386 qemu-arm qemu-s390x qemu-mips64 qemu-ppc64; do
            if ! command -v "$emulator" >/dev/null; then
                missing+=(qemu-user)
                break
            fi
        done
    fi
    tpsim_has_library libunicorn.so.2 || missing+=(libunicorn2)
    # LlvmDisassembler loads LLVM's C API in process; llvm-19 depends on libllvm19, but the library is checked on its own.
    tpsim_has_library libLLVM.so.19.1 || missing+=(libllvm19)
    command -v clang-19 >/dev/null || missing+=(clang-19)
    command -v ld.lld-19 >/dev/null || missing+=(lld-19)
    local tool
    for tool in llvm-mc-19 llvm-objdump-19 llvm-readelf-19; do
        if ! command -v "$tool" >/dev/null; then
            missing+=(llvm-19)
            break
        fi
    done
    # GCC 12 for --compiler gcc: native on x86_64, Debian's cross compilers for the other ISAs.
    local pair
    for pair in gcc:gcc aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu riscv64-linux-gnu-gcc:gcc-riscv64-linux-gnu \
        i686-linux-gnu-gcc:gcc-i686-linux-gnu arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf \
        s390x-linux-gnu-gcc:gcc-s390x-linux-gnu mips64-linux-gnuabi64-gcc:gcc-mips64-linux-gnuabi64 \
        powerpc64-linux-gnu-gcc:gcc-powerpc64-linux-gnu; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    # Real kernels (--kernel linux-6.12, kernel prepare): Debian's kernel source and kbuild's host tools (objtool
    # needs libelf, the x86 and arm64 builds sign nothing but still compile scripts/ against OpenSSL).
    if [[ ${1:-} == oracle || ${TPSIM_KERNEL_DEPS:-} == 1 ]]; then
        [[ -f /usr/src/linux-source-6.12.tar.xz ]] || missing+=(linux-source-6.12)
        for pair in make:make flex:flex bison:bison bc:bc patch:patch xz:xz-utils pkg-config:pkg-config; do
            command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
        done
        [[ -f /usr/include/libelf.h ]] || missing+=(libelf-dev)
        [[ -f /usr/include/openssl/ssl.h ]] || missing+=(libssl-dev)
    fi
    echo "${missing[*]}"
}

# tpsim_ensure_deps [oracle]: installs what is missing (as root) or says how.
tpsim_ensure_deps() {
    local missing
    missing="$(tpsim_missing_packages "${1:-}")"
    [[ -z $missing ]] && return 0

    if [[ $(id -u) -ne 0 ]]; then
        echo "tpsim: missing native dependencies ($missing). Install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
        return 2
    fi

    echo "tpsim: installing $missing" >&2
    local log
    log="$(mktemp)"
    # shellcheck disable=SC2086 # the package list is meant to split into words
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "tpsim: apt-get could not install $missing" >&2
        return 2
    fi
    rm -f "$log"

    missing="$(tpsim_missing_packages "${1:-}")"
    if [[ -n $missing ]]; then
        echo "tpsim: still missing after apt-get install: $missing" >&2
        return 2
    fi
}

tpsim_require_dotnet() {
    if ! command -v dotnet >/dev/null; then
        echo "tpsim: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
        return 2
    fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    tpsim_ensure_deps "${1:-}"
fi

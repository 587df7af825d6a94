// bcryptprimitives.dll for Wine 8 (Debian 12), which lacks it: Rust's std (Deno) and Bun import
// ProcessPrng from it and fail to start without it (status c0000135). Fills the buffer from
// RtlGenRandom (advapi32 SystemFunction036). Wine 10 ships the real one. Test harness only.
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
		if (!RtlGenRandom(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

/*
 * bcryptprimitives.dll for Wine 8, which has none: Go's runtime reads its
 * random numbers from that DLL's ProcessPrng and stops at start-up
 * without it. This one answers from RtlGenRandom, which Wine has. Built with
 * Debian's mingw-w64 and installed into the test prefix's system32 by
 * .ci/windows/run.sh; never part of a release.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

/* Test-only stand-in for Windows' bcryptprimitives.dll under Wine 8, which lacks ProcessPrng:
 * Rust's standard library asks it for random bytes (HashMap keys, temporary names). It hands
 * the request to RtlGenRandom, which Wine has. Never shipped: real Windows has its own. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG part = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, part))
            return FALSE;
        data += part;
        length -= part;
    }
    return TRUE;
}

/*
 * A stand-in for a vendor's 全国统一读卡接口 library, built by the tests (nothing prebuilt).
 *
 *   int iReadCardBas(int iType, char *pOutInfo);
 *
 * The answer comes from the file named by the environment variable SSCARD_FAKE_SCRIPT:
 * line 1 is the return code, the rest (raw bytes, GBK) is copied to pOutInfo. Each call
 * appends its iType to "<script>.calls" so tests can check the configured iType arrived.
 * Built with -DWITH_HSM it also exports the two HSM-variant entry points.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_MAX 1024

static void log_call(const char *script, int iType)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.calls", script);
    FILE *f = fopen(path, "a");
    if (f) {
        fprintf(f, "%d\n", iType);
        fclose(f);
    }
}

int iReadCardBas(int iType, char *pOutInfo)
{
    const char *script = getenv("SSCARD_FAKE_SCRIPT");
    pOutInfo[0] = '\0';
    if (!script) {
        strcpy(pOutInfo, "SSCARD_FAKE_SCRIPT not set");
        return -11;
    }
    log_call(script, iType);
    FILE *f = fopen(script, "rb");
    if (!f) {
        strcpy(pOutInfo, "script missing");
        return -11;
    }
    int rc = 0;
    if (fscanf(f, "%d", &rc) != 1) {
        fclose(f);
        strcpy(pOutInfo, "bad script");
        return -12;
    }
    int c = fgetc(f);                       /* the newline after the code */
    if (c != '\n' && c != EOF)
        ungetc(c, f);
    size_t n = fread(pOutInfo, 1, OUT_MAX - 1, f);
    pOutInfo[n] = '\0';
    while (n > 0 && (pOutInfo[n - 1] == '\n' || pOutInfo[n - 1] == '\r'))
        pOutInfo[--n] = '\0';
    fclose(f);
    return rc;
}

#ifdef WITH_HSM
int iReadCardBas_HSM_Step1(int iType, char *pOutInfo)
{
    (void)iType;
    strcpy(pOutInfo, "HSM-STEP1|");
    return 0;
}

int iReadCardBas_HSM_Step2(char *pKey, char *pOutInfo)
{
    (void)pKey;
    strcpy(pOutInfo, "HSM-STEP2|");
    return 0;
}
#endif

/*
 * A stand-in for an ID card reader vendor's library, built by the tests (nothing prebuilt).
 *
 * Built with -DSDT_API it exports the common sdtapi interface:
 *   int SDT_OpenPort(int iPort);            0x90 when iPort is listed in <dir>/ports, else 0x01
 *   int SDT_ClosePort(int iPort);
 *   int SDT_StartFindIDCard(int iPort, unsigned char *pucManaInfo, int iIfOpen);
 *                                            0x9F when <dir>/card exists, else 0x80 (with
 *                                            <dir>/flaky: 0x80 every other call for a card left on it)
 *   int SDT_SelectIDCard(int iPort, unsigned char *pucManaMsg, int iIfOpen);   0x90
 *   int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
 *                       unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen);
 *                                            <dir>/card (256 bytes, UCS-2LE) and <dir>/photo.wlt
 *                                            (1024 bytes), or the code in <dir>/read_rc
 * and, with -DWITH_PHOTO, the WltRS-style photo decoder
 *   int GetBmp(char *wlt_file, int intf);    writes <wlt_file minus .wlt>.bmp: a 1x1 24-bit BMP
 *                                            followed by the wlt bytes (the tests find them there)
 * Built with -DJSON_API it exports instead
 *   const char *ReadIDCardJson(void);        the content of <dir>/json (static buffer)
 *
 * <dir> is the environment variable IDCARD_FAKE_DIR. Every call appends its name and port to
 * <dir>/calls, so the tests can check the sequence the reader used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir(void) { return getenv("IDCARD_FAKE_DIR"); }

static void log_call(const char *name, int port)
{
    char path[4096];
    if (!dir())
        return;
    snprintf(path, sizeof path, "%s/calls", dir());
    FILE *f = fopen(path, "a");
    if (f) {
        fprintf(f, "%s %d\n", name, port);
        fclose(f);
    }
}

static long read_file(const char *name, unsigned char *buf, long max)
{
    char path[4096];
    if (!dir())
        return -1;
    snprintf(path, sizeof path, "%s/%s", dir(), name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    long n = (long)fread(buf, 1, (size_t)max, f);
    fclose(f);
    return n;
}

#ifdef SDT_API
static int port_listed(int port)
{
    char buf[512];
    long n = read_file("ports", (unsigned char *)buf, sizeof buf - 1);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
        if (atoi(tok) == port)
            return 1;
    return 0;
}

int SDT_OpenPort(int iPort)
{
    log_call("SDT_OpenPort", iPort);
    return port_listed(iPort) ? 0x90 : 0x01;
}

int SDT_ClosePort(int iPort)
{
    log_call("SDT_ClosePort", iPort);
    return 0x90;
}

int SDT_StartFindIDCard(int iPort, unsigned char *pucManaInfo, int iIfOpen)
{
    unsigned char probe[1];
    (void)iIfOpen;
    log_call("SDT_StartFindIDCard", iPort);
    if (!port_listed(iPort))
        return 0x01;
    memset(pucManaInfo, 0, 4);
    if (read_file("card", probe, 1) <= 0)
        return 0x80;
    /* <dir>/flaky: a module that answers 0x80 every other time for a card left on it */
    static int finds = 0;
    if (read_file("flaky", probe, 1) >= 0 && (finds++ % 2) == 1)
        return 0x80;
    return 0x9F;
}

int SDT_SelectIDCard(int iPort, unsigned char *pucManaMsg, int iIfOpen)
{
    (void)iIfOpen;
    log_call("SDT_SelectIDCard", iPort);
    memset(pucManaMsg, 0, 8);
    return 0x90;
}

int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
                    unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen)
{
    char rc_text[16];
    (void)iIfOpen;
    log_call("SDT_ReadBaseMsg", iPort);
    long n = read_file("read_rc", (unsigned char *)rc_text, sizeof rc_text - 1);
    if (n > 0) {
        rc_text[n] = '\0';
        return (int)strtol(rc_text, NULL, 0);
    }
    long t = read_file("card", pucCHMsg, 256);
    if (t < 0)
        return 0x41;
    *puiCHMsgLen = (unsigned int)t;
    long p = read_file("photo.wlt", pucPHMsg, 1024);
    *puiPHMsgLen = p < 0 ? 0 : (unsigned int)p;
    return 0x90;
}

#ifdef WITH_PHOTO
int GetBmp(char *wlt_file, int intf)
{
    unsigned char wlt[1024];
    char out[4096];
    (void)intf;
    log_call("GetBmp", 0);
    FILE *in = fopen(wlt_file, "rb");
    if (!in)
        return -1;
    size_t n = fread(wlt, 1, sizeof wlt, in);
    fclose(in);
    size_t len = strlen(wlt_file);
    if (len < 4 || len + 1 > sizeof out)
        return -2;
    memcpy(out, wlt_file, len - 4);
    strcpy(out + len - 4, ".bmp");
    /* a 1x1 24-bit bitmap (row padded to 4 bytes), then the wlt bytes as trailing data */
    unsigned char hdr[58] = {'B', 'M'};
    unsigned int size = 58 + (unsigned int)n;
    memcpy(hdr + 2, &size, 4);
    hdr[10] = 54;                /* pixel data offset */
    hdr[14] = 40;                /* BITMAPINFOHEADER */
    hdr[18] = 1; hdr[22] = 1;    /* 1 x 1 */
    hdr[26] = 1; hdr[28] = 24;   /* planes, bits per pixel */
    hdr[34] = 4;                 /* image size */
    hdr[54] = 0xFF; hdr[55] = 0xFF; hdr[56] = 0xFF;   /* one white pixel */
    FILE *f = fopen(out, "wb");
    if (!f)
        return -3;
    fwrite(hdr, 1, sizeof hdr, f);
    fwrite(wlt, 1, n, f);
    fclose(f);
    return 1;
}
#endif
#endif /* SDT_API */

#ifdef JSON_API
static char json_buf[65536];

const char *ReadIDCardJson(void)
{
    log_call("ReadIDCardJson", 0);
    long n = read_file("json", (unsigned char *)json_buf, sizeof json_buf - 1);
    if (n < 0)
        strcpy(json_buf, "{\"code\": -1, \"message\": \"打开设备失败：未找到设备\"}");
    else
        json_buf[n] = '\0';
    return json_buf;
}
#endif

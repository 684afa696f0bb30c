/*
 * An emulated hidapi library, built by the tests (nothing prebuilt), exporting the same
 * functions as libhidapi-hidraw so the product loads it through its real ctypes binding.
 *
 * Devices: HIDAPI_FAKE_DEVICES="VVVV:PPPP[,VVVV:PPPP...]" (hex); unset or empty = no device.
 * Each device's path is "fake-hidraw<N>". HIDAPI_FAKE_OPEN_FAIL=1 makes hid_open* fail.
 *
 * What the pad "plays" comes from the file named by HIDAPI_FAKE_SCRIPT, one line each:
 *   02 e0 01 00 02 00 01 ff     an input report (hex bytes)
 *   wait 120                    nothing for 120 ms (reads time out meanwhile)
 *   unplug                      every later read fails (-1), as when the cable is pulled
 *   # ...                       a comment
 * Input reports flow only while capture is on: after a feature report 05 01, until 05 00
 * (the pad's start/stop capture commands). Every feature report is appended, in hex, to
 * "<script>.features" so the tests can check what the product sent.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

struct hid_device_info {
    char *path;
    unsigned short vendor_id;
    unsigned short product_id;
    wchar_t *serial_number;
    unsigned short release_number;
    wchar_t *manufacturer_string;
    wchar_t *product_string;
    unsigned short usage_page;
    unsigned short usage;
    int interface_number;
    struct hid_device_info *next;
    int bus_type;
};

#define MAX_LINES 4096
#define MAX_REPORT 64

typedef struct hid_device_ {
    int capturing;
    int unplugged;
    int line;                       /* next script line */
    int nlines;
    char **lines;
    double wait_until;              /* monotonic seconds */
} hid_device;

static const wchar_t *last_error = L"";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(double ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (long)(ms / 1000) * 1000) * 1e6)};
    nanosleep(&ts, NULL);
}

int hid_init(void) { return 0; }
int hid_exit(void) { return 0; }

static wchar_t *wdup(const wchar_t *s)
{
    size_t n = wcslen(s) + 1;
    wchar_t *d = malloc(n * sizeof(wchar_t));
    wmemcpy(d, s, n);
    return d;
}

struct hid_device_info *hid_enumerate(unsigned short vendor_id, unsigned short product_id)
{
    const char *env = getenv("HIDAPI_FAKE_DEVICES");
    if (!env || !*env)
        return NULL;
    struct hid_device_info *head = NULL, **tail = &head;
    const char *p = env;
    int n = 0;
    while (*p) {
        unsigned int v = 0, d = 0;
        if (sscanf(p, "%x:%x", &v, &d) != 2)
            break;
        if ((vendor_id == 0 || vendor_id == v) && (product_id == 0 || product_id == d)) {
            struct hid_device_info *i = calloc(1, sizeof *i);
            char path[32];
            snprintf(path, sizeof path, "fake-hidraw%d", n);
            i->path = strdup(path);
            i->vendor_id = (unsigned short)v;
            i->product_id = (unsigned short)d;
            i->serial_number = wdup(L"EMU0001");
            i->manufacturer_string = wdup(L"Hanvon");
            i->product_string = wdup(L"ESP emulated signature pad");
            i->usage_page = 0x0D;   /* digitizer */
            i->usage = 0x02;        /* pen */
            i->interface_number = 0;
            *tail = i;
            tail = &i->next;
        }
        n++;
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    return head;
}

void hid_free_enumeration(struct hid_device_info *devs)
{
    while (devs) {
        struct hid_device_info *next = devs->next;
        free(devs->path);
        free(devs->serial_number);
        free(devs->manufacturer_string);
        free(devs->product_string);
        free(devs);
        devs = next;
    }
}

static hid_device *open_device(void)
{
    if (getenv("HIDAPI_FAKE_OPEN_FAIL")) {
        last_error = L"Permission denied";
        return NULL;
    }
    hid_device *dev = calloc(1, sizeof *dev);
    dev->lines = calloc(MAX_LINES, sizeof(char *));
    const char *script = getenv("HIDAPI_FAKE_SCRIPT");
    FILE *f = script ? fopen(script, "r") : NULL;
    if (f) {
        char buf[512];
        while (dev->nlines < MAX_LINES && fgets(buf, sizeof buf, f)) {
            buf[strcspn(buf, "\r\n")] = '\0';
            if (buf[0] == '\0' || buf[0] == '#')
                continue;
            dev->lines[dev->nlines++] = strdup(buf);
        }
        fclose(f);
    }
    return dev;
}

hid_device *hid_open(unsigned short vendor_id, unsigned short product_id, const wchar_t *serial)
{
    (void)serial;
    struct hid_device_info *d = hid_enumerate(vendor_id, product_id);
    if (!d) {
        last_error = L"No such device";
        return NULL;
    }
    hid_free_enumeration(d);
    return open_device();
}

hid_device *hid_open_path(const char *path)
{
    if (!path || strncmp(path, "fake-hidraw", 11) != 0) {
        last_error = L"No such device";
        return NULL;
    }
    return open_device();
}

int hid_send_feature_report(hid_device *dev, const unsigned char *data, size_t length)
{
    if (dev->unplugged)
        return -1;
    const char *script = getenv("HIDAPI_FAKE_SCRIPT");
    if (script) {
        char path[4096];
        snprintf(path, sizeof path, "%s.features", script);
        FILE *f = fopen(path, "a");
        if (f) {
            for (size_t i = 0; i < length; i++)
                fprintf(f, i ? " %02x" : "%02x", data[i]);
            fputc('\n', f);
            fclose(f);
        }
    }
    if (length >= 2 && data[0] == 0x05)
        dev->capturing = data[1] == 0x01;
    return (int)length;
}

int hid_read_timeout(hid_device *dev, unsigned char *data, size_t length, int milliseconds)
{
    double deadline = now() + (milliseconds < 0 ? 3600.0 : milliseconds / 1000.0);
    for (;;) {
        if (dev->unplugged) {
            last_error = L"Device disconnected";
            return -1;
        }
        if (dev->capturing && dev->line < dev->nlines && now() >= dev->wait_until) {
            const char *line = dev->lines[dev->line];
            if (strncmp(line, "wait", 4) == 0) {
                dev->wait_until = now() + atof(line + 4) / 1000.0;
                dev->line++;
                continue;
            }
            if (strncmp(line, "unplug", 6) == 0) {
                dev->unplugged = 1;
                dev->line++;
                continue;
            }
            size_t n = 0;
            const char *p = line;
            while (*p && n < length && n < MAX_REPORT) {
                while (*p && isspace((unsigned char)*p))
                    p++;
                if (!*p)
                    break;
                data[n++] = (unsigned char)strtoul(p, (char **)&p, 16);
            }
            dev->line++;
            return (int)n;
        }
        double left = deadline - now();
        if (left <= 0)
            return 0;
        double step = 5.0;
        if (dev->capturing && dev->line < dev->nlines && dev->wait_until > now())
            step = (dev->wait_until - now()) * 1000.0;
        sleep_ms(step < left * 1000.0 ? step : left * 1000.0);
    }
}

const wchar_t *hid_error(hid_device *dev)
{
    (void)dev;
    return last_error;
}

void hid_close(hid_device *dev)
{
    if (!dev)
        return;
    for (int i = 0; i < dev->nlines; i++)
        free(dev->lines[i]);
    free(dev->lines);
    free(dev);
}

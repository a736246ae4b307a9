#include "CPlatform.h"

// The byte-plane transposes of the snapshot sections' columns. One loop per common width, so the
// compiler keeps the inner loop's bounds constant and unrolls it; any other width takes the
// general loop. The plane stores walk `width` streams forward, which the caches handle well for
// the section blocks' columns (at most 8,192 values, 64 KiB).

void tt_bytes_to_planes(const uint8_t *values, size_t count, size_t width, uint8_t *planes) {
    switch (width) {
    case 8:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < 8; b++) planes[b * count + i] = values[i * 8 + b];
        break;
    case 4:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < 4; b++) planes[b * count + i] = values[i * 4 + b];
        break;
    default:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < width; b++) planes[b * count + i] = values[i * width + b];
    }
}

void tt_planes_to_bytes(const uint8_t *planes, size_t count, size_t width, uint8_t *values) {
    switch (width) {
    case 8:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < 8; b++) values[i * 8 + b] = planes[b * count + i];
        break;
    case 4:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < 4; b++) values[i * 4 + b] = planes[b * count + i];
        break;
    default:
        for (size_t i = 0; i < count; i++)
            for (size_t b = 0; b < width; b++) values[i * width + b] = planes[b * count + i];
    }
}

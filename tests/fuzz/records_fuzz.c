// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes read() could return, through the reader's
 * record walker and both output formats. Nothing may crash, no line may
 * outgrow the room the output keeps for one, and every JSON line must parse
 * strictly. The first byte picks the options (bit 0: JSON,
 * bit 1: -c 3); the rest is what read() returned.
 */

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/records.h"
#include "../lib/json_parse.h"

static struct records rec;

static void check_lines(const char *out, size_t len, bool json)
{
	const char *line = out, *nl, *err;
	struct json *v;

	for (; line < out + len; line = nl + 1) {
		nl = memchr(line, '\n', out + len - line);
		if (!nl || nl - line >= OUTPUT_LINE_MAX)
			abort();
		if (!json)
			continue;
		v = json_parse(line, nl - line, &err);
		if (!v) {
			fprintf(stderr, "not strict JSON (%s): %.*s\n", err,
				(int)(nl - line), line);
			abort();
		}
		json_free(v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct output out = {};
	unsigned char options;
	char *buf, *copy;
	size_t len;

	if (!size)
		return 0;
	options = data[0];
	data++;
	size--;
	out.json = options & 1;

	/* read() fills an aligned buffer: fuzz what the reader sees. */
	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	memset(&rec, 0, sizeof(rec));
	out.f = open_memstream(&buf, &len);
	rec.out = &out;
	rec.warn = fopen("/dev/null", "w");
	rec.max_calls = options & 2 ? 3 : 0;
	records_handle(&rec, copy, size);
	records_flush(&rec);
	output_flush(&out);
	fclose(rec.warn);
	fclose(out.f);
	check_lines(buf, len, out.json);
	free(buf);
	free(copy);
	return 0;
}

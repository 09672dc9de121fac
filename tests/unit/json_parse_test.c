// SPDX-License-Identifier: GPL-2.0
/*
 * The strict JSON parser the other tests trust: it must accept JSON and
 * refuse everything a lenient parser would let through.
 */

#include <string.h>

#include "kselftest_harness.h"
#include "../lib/json_parse.h"

static bool parses(const char *text)
{
	struct json *v = json_parse(text, strlen(text), NULL);

	json_free(v);
	return v != NULL;
}

TEST(accepts_json)
{
	EXPECT_TRUE(parses("{}"));
	EXPECT_TRUE(parses(" [1, -0, 0.5, 1e9, -2.5E-3, true, false, null] "));
	EXPECT_TRUE(parses("{\"a\":{\"b\":[\"\\u00e9\\ud83d\\ude00\\n\"]}}"));
	EXPECT_TRUE(parses("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""));
}

TEST(rejects_what_lenient_parsers_accept)
{
	EXPECT_FALSE(parses(""));
	EXPECT_FALSE(parses("{\"a\":1,}"));
	EXPECT_FALSE(parses("[1,]"));
	EXPECT_FALSE(parses("NaN"));
	EXPECT_FALSE(parses("[Infinity]"));
	EXPECT_FALSE(parses("01"));
	EXPECT_FALSE(parses("1."));
	EXPECT_FALSE(parses("+1"));
	EXPECT_FALSE(parses("'a'"));
	EXPECT_FALSE(parses("{a:1}"));
	EXPECT_FALSE(parses("{\"a\":1}{}"));
	EXPECT_FALSE(parses("{\"a\":1,\"a\":2}"));
	EXPECT_FALSE(parses("\"tab\there\""));
	EXPECT_FALSE(parses("\"\\x41\""));
	EXPECT_FALSE(parses("\"\\ud800\""));
	EXPECT_FALSE(parses("\"\\udc00\\ud800\""));
	EXPECT_FALSE(parses("\"\xff\""));
	EXPECT_FALSE(parses("\"\xc0\xaf\""));		/* overlong '/' */
	EXPECT_FALSE(parses("\"\xed\xa0\x80\""));	/* encoded surrogate */
	EXPECT_FALSE(parses("\"\xf4\x90\x80\x80\""));	/* past U+10FFFF */
	EXPECT_FALSE(parses("\"\xe2\x82\""));		/* cut short */
	EXPECT_FALSE(parses("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"));
}

TEST(reads_members_by_path)
{
	const char *text = "{\"n\":-3,\"u\":18446744073709551615,\"o\":{\"s\":\"x\\\"y\",\"z\":null}}";
	struct json *v = json_parse(text, strlen(text), NULL);
	unsigned long long u;
	long long n;

	ASSERT_NE(NULL, v);
	EXPECT_TRUE(json_get_ll(v, "n", &n));
	EXPECT_EQ(-3, n);
	EXPECT_TRUE(json_get_ull(v, "u", &u));
	EXPECT_EQ(18446744073709551615ULL, u);
	EXPECT_FALSE(json_get_ull(v, "n", &u));
	EXPECT_STREQ("x\"y", json_get_str(v, "o.s"));
	EXPECT_TRUE(json_is_null(v, "o.z"));
	EXPECT_EQ(NULL, json_get(v, "o.missing"));
	json_free(v);
}

TEST(reads_array_items)
{
	const char *text = "{\"e\":[],\"a\":[\"resumed\",\"0x20\"]}";
	struct json *v = json_parse(text, strlen(text), NULL);
	const struct json *a;

	ASSERT_NE(NULL, v);
	a = json_get(v, "e");
	ASSERT_NE(NULL, a);
	EXPECT_EQ(JSON_ARRAY, a->type);
	EXPECT_EQ(0U, a->n);
	a = json_get(v, "a");
	ASSERT_NE(NULL, a);
	EXPECT_EQ(JSON_ARRAY, a->type);
	ASSERT_EQ(2U, a->n);
	EXPECT_EQ(JSON_STRING, a->items[1]->type);
	EXPECT_STREQ("0x20", a->items[1]->text);
	json_free(v);
}

TEST_HARNESS_MAIN

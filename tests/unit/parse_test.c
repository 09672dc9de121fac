// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's command-line numbers: decimal only, no sign, no space, no
 * overflow, every case the issue tracker found accepted before.
 */

#include "kselftest_harness.h"
#include "../../tools/parse.h"

static int dec(const char *s, unsigned long long max, unsigned long long *n)
{
	*n = 12345;
	return parse_decimal(s, max, n, NULL);
}

TEST(decimal_takes_digits_only)
{
	unsigned long long n;

	ASSERT_EQ(0, dec("0", 10, &n));
	EXPECT_EQ(0ULL, n);
	ASSERT_EQ(0, dec("42", 100, &n));
	EXPECT_EQ(42ULL, n);
	/* Leading zeros are decimal, not octal. */
	ASSERT_EQ(0, dec("010", 100, &n));
	EXPECT_EQ(10ULL, n);
	ASSERT_EQ(0, dec("18446744073709551615", ~0ULL, &n));
	EXPECT_EQ(~0ULL, n);

	EXPECT_EQ(-1, dec("", 100, &n));
	EXPECT_EQ(-1, dec(" 5", 100, &n));
	EXPECT_EQ(-1, dec("5 ", 100, &n));
	EXPECT_EQ(-1, dec("+5", 100, &n));
	EXPECT_EQ(-1, dec("-1", 100, &n));
	EXPECT_EQ(-1, dec(" -1", ~0ULL, &n));
	EXPECT_EQ(-1, dec("0x10", 100, &n));
	EXPECT_EQ(-1, dec("1e3", 10000, &n));
	EXPECT_EQ(-1, dec("5\n", 100, &n));
	/* Failure leaves the output alone. */
	EXPECT_EQ(12345ULL, n);
}

TEST(decimal_refuses_overflow_and_above_max)
{
	unsigned long long n;

	EXPECT_EQ(-1, dec("18446744073709551616", ~0ULL, &n));
	EXPECT_EQ(-1, dec("99999999999999999999999", ~0ULL, &n));
	EXPECT_EQ(-1, dec("101", 100, &n));
	ASSERT_EQ(0, dec("100", 100, &n));
	EXPECT_EQ(100ULL, n);
	/* A digit above a small max, which must not wrap the check. */
	EXPECT_EQ(-1, dec("7", 5, &n));
	EXPECT_EQ(-1, dec("1", 0, &n));
	ASSERT_EQ(0, dec("0", 0, &n));
	EXPECT_EQ(0ULL, n);
}

TEST(decimal_with_end_stops_at_the_first_non_digit)
{
	unsigned long long n;
	const char *end;

	ASSERT_EQ(0, parse_decimal("64K", 1000, &n, &end));
	EXPECT_EQ(64ULL, n);
	EXPECT_STREQ("K", end);
	EXPECT_EQ(-1, parse_decimal("K", 1000, &n, &end));
}

#define MIN (4ULL << 10)
#define MAX (256ULL << 20)

TEST(size_is_a_power_of_two_in_range)
{
	unsigned int n = 7;

	ASSERT_EQ(0, parse_size("4096", MIN, MAX, &n));
	EXPECT_EQ(4096U, n);
	ASSERT_EQ(0, parse_size("4K", MIN, MAX, &n));
	EXPECT_EQ(4096U, n);
	ASSERT_EQ(0, parse_size("64k", MIN, MAX, &n));
	EXPECT_EQ(65536U, n);
	ASSERT_EQ(0, parse_size("256M", MIN, MAX, &n));
	EXPECT_EQ(256U << 20, n);
	ASSERT_EQ(0, parse_size("1m", MIN, MAX, &n));
	EXPECT_EQ(1U << 20, n);
	n = 7;

	/* The shift once overflowed to 4 KiB. */
	EXPECT_EQ(-1, parse_size("18014398509481988K", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("17592186044420M", MIN, MAX, &n));
	/* Octal and hex once; now not decimal. */
	EXPECT_EQ(-1, parse_size("010000", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("0x1000", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("512M", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("2K", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("6K", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("0", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("4KK", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("4G", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("-4K", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size(" 4K", MIN, MAX, &n));
	EXPECT_EQ(-1, parse_size("K", MIN, MAX, &n));
	EXPECT_EQ(7U, n);
}

TEST_HARNESS_MAIN

package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class NumbersTest {
    private static String wholeError(String text, long min, long max) {
        return assertThrows(IllegalArgumentException.class, () -> Numbers.whole(text, min, max), text).getMessage();
    }

    @Test
    void wholeNumbersAreExactNeverRoundedOrWrapped() {
        assertEquals(42, Numbers.whole("42", 0, 100));
        assertEquals(1000, Numbers.whole("1e3", 0, 10_000));
        assertEquals(2, Numbers.whole(" 2.0 ", 0, 10));
        assertEquals(Long.MIN_VALUE, Numbers.whole("-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE));
        for (String bad : new String[] {"1.9", "NaN", "Infinity", "0x10", "1e-3", "", "seven", "1d", "1_000"}) {
            assertTrue(wholeError(bad, Long.MIN_VALUE, Long.MAX_VALUE).startsWith("expected a whole number, found"), bad);
        }
        assertEquals("expected a whole number of at most 2147483647, found 4294967328",
                assertThrows(IllegalArgumentException.class, () -> Numbers.wholeInt("4294967328", 32, Integer.MAX_VALUE)).getMessage());
        assertEquals("expected a whole number of at most 2147483647, found 2147483648",
                assertThrows(IllegalArgumentException.class, () -> Numbers.wholeInt("2147483648", 32, Integer.MAX_VALUE)).getMessage());
        assertEquals("expected a whole number of at most 9223372036854775807, found 1e999999999",
                wholeError("1e999999999", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals("must be at least 32, found 16", wholeError("16", 32, Integer.MAX_VALUE));
        assertEquals("must be in [1, 4096], found 5000", wholeError("5000", 1, 4096));
    }

    @Test
    void realNumbersAreFiniteDecimals() {
        assertEquals(1e-4, Numbers.real("1e-4"));
        assertEquals(0.5, Numbers.real(".5"));
        assertEquals(-3, Numbers.real("-3"));
        for (String bad : new String[] {"NaN", "Infinity", "-inf", ".nan"}) {
            assertEquals("expected a finite number, found '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> Numbers.real(bad)).getMessage());
        }
        for (String bad : new String[] {"0x1p3", "1d", "2f", "lots", ""}) {
            assertEquals("expected a number, found '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> Numbers.real(bad)).getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Numbers.real("1e400")).getMessage().contains("1e400"));
    }
}

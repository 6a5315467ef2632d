package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSONTestSuite-style cases written for this parser (y_ = must accept, n_ = must reject with the given reason).
 * Every case is also fed whole, one byte at a time and at seeded random split points: the token trace (values,
 * errors and error positions included) must be identical.
 */
class JsonConformanceTest {
    record Case(String name, byte[] doc, int reason, String trace) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void y(String name, String json, String trace) {
        CASES.add(new Case(name, json.getBytes(StandardCharsets.UTF_8), 0, trace));
    }

    private static void n(String name, String json, int reason) {
        CASES.add(new Case(name, json.getBytes(StandardCharsets.UTF_8), reason, null));
    }

    private static void raw(String name, int reason, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        CASES.add(new Case(name, b, reason, null));
    }

    static {
        // structure
        y("y_object_empty", "{}", "{ } END");
        y("y_array_empty", "[]", "[ ] END");
        y("y_object_simple", "{\"a\":1,\"b\":[true,false,null]}",
                "{ N:a #1 N:b [ true false null ] } END");
        y("y_array_nested", "[[[]],[{}]]", "[ [ [ ] ] [ { } ] ] END");
        y("y_object_duplicate_keys", "{\"a\":1,\"a\":2}", "{ N:a #1 N:a #2 } END");
        y("y_object_empty_key", "{\"\":0}", "{ N: #0 } END");
        y("y_whitespace_all_kinds", " \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n", "[ #1 #2 ] END");
        y("y_top_level_string", "\"x\"", "S:x END");
        y("y_top_level_number", "42", "#42 END");
        y("y_top_level_true", "true", "true END");
        y("y_top_level_null_ws", "  null  ", "null END");
        n("n_empty", "", JsonReason.TRUNCATED);
        n("n_only_whitespace", "  \n ", JsonReason.TRUNCATED);
        n("n_object_trailing_comma", "{\"a\":1,}", JsonReason.TRAILING_COMMA);
        n("n_array_trailing_comma", "[1,]", JsonReason.TRAILING_COMMA);
        n("n_array_leading_comma", "[,1]", JsonReason.EXPECTED_VALUE);
        n("n_array_double_comma", "[1,,2]", JsonReason.EXPECTED_VALUE);
        n("n_array_missing_comma", "[1 2]", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_object_missing_colon", "{\"a\" 1}", JsonReason.EXPECTED_COLON);
        n("n_object_missing_value", "{\"a\":}", JsonReason.EXPECTED_VALUE);
        n("n_object_unquoted_key", "{a:1}", JsonReason.EXPECTED_NAME);
        n("n_object_number_key", "{1:1}", JsonReason.EXPECTED_NAME);
        n("n_object_single_quote", "{'a':1}", JsonReason.EXPECTED_NAME);
        n("n_object_comma_instead_of_colon", "{\"a\",1}", JsonReason.EXPECTED_COLON);
        n("n_array_unclosed", "[1,2", JsonReason.TRUNCATED);
        n("n_object_unclosed", "{\"a\":1", JsonReason.TRUNCATED);
        n("n_mismatched_brackets", "[1}", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_mismatched_brackets_2", "{\"a\":1]", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_close_at_top", "]", JsonReason.UNEXPECTED_BYTE);
        n("n_colon_in_array", "[1:2]", JsonReason.EXPECTED_COMMA_OR_END);
        // trailing garbage
        n("n_trailing_garbage_value", "{} x", JsonReason.TRAILING_GARBAGE);
        n("n_two_top_level_values", "1 2", JsonReason.TRAILING_GARBAGE);
        n("n_trailing_bracket", "[]]", JsonReason.TRAILING_GARBAGE);
        n("n_trailing_comma_top", "[1],", JsonReason.TRAILING_GARBAGE);
        raw("n_trailing_nul", JsonReason.TRAILING_GARBAGE, '[', ']', 0);
        raw("n_whitespace_formfeed", JsonReason.UNEXPECTED_BYTE, 0x0C, '1');
        raw("n_whitespace_nbsp", JsonReason.UNEXPECTED_BYTE, 0xC2, 0xA0, '1');
        // literals
        y("y_literals", "[true,false,null]", "[ true false null ] END");
        n("n_literal_truncated", "[tru]", JsonReason.BAD_LITERAL);
        n("n_literal_capital", "[True]", JsonReason.EXPECTED_VALUE);
        n("n_literal_nul_end", "nul", JsonReason.TRUNCATED);
        n("n_literal_glued", "[truefalse]", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_nan", "[NaN]", JsonReason.EXPECTED_VALUE);
        n("n_infinity", "[Infinity]", JsonReason.EXPECTED_VALUE);
        // numbers
        y("y_number_zero", "[0]", "[ #0 ]" + " END");
        y("y_number_negative_zero", "[-0]", "[ #0 ] END");
        y("y_number_negative", "[-123]", "[ #-123 ] END");
        y("y_number_long_max", "[9223372036854775807]", "[ #9223372036854775807 ] END");
        y("y_number_long_min", "[-9223372036854775808]", "[ #-9223372036854775808 ] END");
        y("y_number_overflow", "[9223372036854775808]", "[ #overflow ] END");
        y("y_number_negative_overflow", "[-9223372036854775809]", "[ #overflow ] END");
        y("y_number_huge", "[123456789012345678901234567890123456789]", "[ #overflow ] END");
        y("y_number_node_id_above_2p52", "{\"ID\":6523515364831089}", "{ N:ID #6523515364831089 } END");
        y("y_number_fraction", "[1.5]", "[ #1~ ] END");
        y("y_number_fraction_zero", "[1.0]", "[ #1~ ] END");
        y("y_number_exponent", "[1e2,1E+2,1e-2,0e0]", "[ #1~ #1~ #1~ #0~ ] END");
        y("y_number_fraction_exponent", "[-0.5e-10]", "[ #0~ ] END");
        y("y_number_then_ws", "[1 ]", "[ #1 ] END");
        n("n_number_leading_zero", "[01]", JsonReason.BAD_NUMBER);
        n("n_number_negative_leading_zero", "[-01]", JsonReason.BAD_NUMBER);
        n("n_number_plus", "[+1]", JsonReason.EXPECTED_VALUE);
        n("n_number_minus_only", "[-]", JsonReason.BAD_NUMBER);
        n("n_number_minus_space", "[- 1]", JsonReason.BAD_NUMBER);
        n("n_number_dot_no_digits", "[1.]", JsonReason.BAD_NUMBER);
        n("n_number_leading_dot", "[.5]", JsonReason.EXPECTED_VALUE);
        n("n_number_exp_no_digits", "[1e]", JsonReason.BAD_NUMBER);
        n("n_number_exp_sign_no_digits", "[1e+]", JsonReason.BAD_NUMBER);
        n("n_number_dot_exp", "[1.e1]", JsonReason.BAD_NUMBER);
        n("n_number_hex", "[0x1]", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_number_two_dots", "[1.2.3]", JsonReason.EXPECTED_COMMA_OR_END);
        n("n_number_minus_end", "-", JsonReason.BAD_NUMBER);
        n("n_number_exp_end", "1e", JsonReason.BAD_NUMBER);
        // strings and escapes
        y("y_string_escapes", "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]", "[ S:\" \\ / \b \f \n \r \t ] END");
        y("y_string_unicode_ascii", "[\"\\u0041\\u0062\"]", "[ S:Ab ] END");
        y("y_string_unicode_2byte", "[\"\\u00e9\"]", "[ S:\u00e9 ] END");
        y("y_string_unicode_3byte", "[\"\\u20AC\"]", "[ S:\u20ac ] END");
        y("y_string_surrogate_pair", "[\"\\uD83D\\uDE00\"]", "[ S:\ud83d\ude00 ] END");
        y("y_string_nul_escape", "[\"a\\u0000b\"]", "[ S:a\u0000b ] END");
        y("y_string_raw_utf8", "[\"\u00e9\u20ac\ud83d\ude00\"]", "[ S:\u00e9\u20ac\ud83d\ude00 ] END");
        y("y_string_del_allowed", "[\"\u007f\"]", "[ S:\u007f ] END");
        y("y_string_empty", "[\"\"]", "[ S: ] END");
        n("n_string_unterminated", "[\"abc", JsonReason.TRUNCATED);
        n("n_string_single_quote", "['a']", JsonReason.EXPECTED_VALUE);
        n("n_string_bad_escape", "[\"\\x41\"]", JsonReason.BAD_ESCAPE);
        n("n_string_escape_apostrophe", "[\"\\'\"]", JsonReason.BAD_ESCAPE);
        n("n_string_bad_unicode_hex", "[\"\\u12G4\"]", JsonReason.BAD_UNICODE_ESCAPE);
        n("n_string_short_unicode", "[\"\\u12\"]", JsonReason.BAD_UNICODE_ESCAPE);
        n("n_string_lone_high_surrogate", "[\"\\uD800\"]", JsonReason.LONE_SURROGATE);
        n("n_string_lone_low_surrogate", "[\"\\uDC00\"]", JsonReason.LONE_SURROGATE);
        n("n_string_high_then_text", "[\"\\uD800abc\"]", JsonReason.LONE_SURROGATE);
        n("n_string_high_then_high", "[\"\\uD800\\uD800\"]", JsonReason.LONE_SURROGATE);
        n("n_string_high_then_other_escape", "[\"\\uD800\\n\"]", JsonReason.LONE_SURROGATE);
        n("n_string_raw_tab", "[\"a\tb\"]", JsonReason.CONTROL_CHARACTER);
        n("n_string_raw_newline", "[\"a\nb\"]", JsonReason.CONTROL_CHARACTER);
        raw("n_string_raw_nul", JsonReason.CONTROL_CHARACTER, '[', '"', 0, '"', ']');
        n("n_string_backslash_end", "[\"\\", JsonReason.TRUNCATED);
        raw("n_utf8_overlong_slash", JsonReason.BAD_UTF8, '[', '"', 0xC0, 0xAF, '"', ']');
        raw("n_utf8_overlong_3byte", JsonReason.BAD_UTF8, '[', '"', 0xE0, 0x80, 0xAF, '"', ']');
        raw("n_utf8_encoded_surrogate", JsonReason.BAD_UTF8, '[', '"', 0xED, 0xA0, 0x80, '"', ']');
        raw("n_utf8_above_10ffff", JsonReason.BAD_UTF8, '[', '"', 0xF4, 0x90, 0x80, 0x80, '"', ']');
        raw("n_utf8_lone_continuation", JsonReason.BAD_UTF8, '[', '"', 0x80, '"', ']');
        raw("n_utf8_truncated_sequence", JsonReason.BAD_UTF8, '[', '"', 0xE2, 0x82, '"', ']');
        raw("n_utf8_invalid_byte_ff", JsonReason.BAD_UTF8, '[', '"', 0xFF, '"', ']');
        raw("y_utf8_max_code_point", 0, '[', '"', 0xF4, 0x8F, 0xBF, 0xBF, '"', ']');
        // nesting within the default depth used here (16)
        y("y_nesting_16", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]", "[ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] END");
        n("n_nesting_17", "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]", JsonReason.DEPTH_EXCEEDED);
        n("n_nesting_objects_17",
                "{\"a\":".repeat(17) + "1" + "}".repeat(17), JsonReason.DEPTH_EXCEEDED);
    }

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameResultWholeByteByByteAndRandomSplits(Case c) {
        JsonPullParser p = new JsonPullParser(64, 16);
        String whole = JsonTrace.whole(p, c.doc);
        if (c.trace != null) {
            assertEquals(c.trace, whole);
        }
        assertEquals(c.reason, JsonTrace.outcome(whole), whole);
        if (c.reason == 0) {
            assertTrue(whole.endsWith("END"), whole);
        }
        assertEquals(whole, JsonTrace.byteByByte(p, c.doc));
        for (long seed = 1; seed <= 8; seed++) {
            assertEquals(whole, JsonTrace.randomSplits(p, c.doc, seed), "seed " + seed);
        }
    }

    @org.junit.jupiter.api.Test
    void enoughCases() {
        long y = CASES.stream().filter(c -> c.name.startsWith("y_")).count();
        long n = CASES.stream().filter(c -> c.name.startsWith("n_")).count();
        assertTrue(y >= 30 && n >= 60, y + " y, " + n + " n");
    }
}

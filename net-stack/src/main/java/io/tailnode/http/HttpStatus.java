package io.tailnode.http;

/** Status codes the device answers and their reason phrases (RFC 9110 §15). */
public final class HttpStatus {
    private HttpStatus() {
    }

    /** The RFC 9110 reason phrase, or "Error" for a code the device never sends. */
    public static String reason(int code) {
        switch (code) {
            case 100: return "Continue";
            case 200: return "OK";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 431: return "Request Header Fields Too Large";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }
}

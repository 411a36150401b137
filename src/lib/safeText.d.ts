// Types of safeText.js (see there for why it is JavaScript).
/** Longest quoted value, in characters of the original text. */
export declare const MAX_QUOTED: number;
/** Longest whole message. */
export declare const MAX_MESSAGE: number;
/** Control characters as visible escapes (\n, \x1b, \u202e); everything else unchanged. Always one line. */
export declare function escapeControls(text: string): string;
/** A value from a file, quoted, escaped and cut to `max` characters. */
export declare function quote(value: unknown, max?: number): string;
/** What a value from a file is, in a few words, without walking into it. */
export declare function describeValue(value: unknown): string;
/** A whole message made safe: control characters escaped (one line, always) and cut to `max` characters. */
export declare function safeMessage(message: string, max?: number): string;

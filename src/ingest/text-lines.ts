/**
 * Splits bytes into numbered text lines, chunk by chunk, so no input is ever held as one string.
 *
 * In HTML mode (web-service responses requested without `if_no_html=1`) a `<br>` also ends a line
 * and tags are removed, so line numbers count `<br>` line ends as well as newlines.
 *
 * NOTE: plain lines longer than MAX_LINE_BYTES are reported as overlong and not kept. HTML lines
 * have no limit, so an HTML input without newlines is kept whole in memory.
 */

/** One line of text, without its line end, and its 1-based number. */
export interface TextLine {
  text: string;
  line: number;
  /** True for a line longer than MAX_LINE_BYTES (plain inputs only); its text is then ''. */
  overlong?: boolean;
}

import { MAX_LINE_BYTES } from './scan-rows.js';

const NEWLINE = 10;
const BREAK_TAG = /<br\s*\/?>/i;
const TAG = /<[^>]*>/g;

export class TextLineSplitter {
  private readonly decoder = new TextDecoder();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** True while skipping the rest of an overlong line. */
  private skipping = false;
  private line = 0;
  private started = false;
  /** True once the input ended in the middle of a line (no final newline). */
  unterminated = false;

  constructor(private readonly html: boolean) {}

  /** Returns the lines completed by `chunk`. */
  push(chunk: Uint8Array): TextLine[] {
    const lines: TextLine[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline < 0) break;
      this.complete(chunk.subarray(start, newline), lines);
      start = newline + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    return lines;
  }

  /** Ends the input; returns the last line when the input did not end with a newline. */
  end(): TextLine[] {
    const lines: TextLine[] = [];
    if (this.pending.length === 0 && !this.skipping) return lines;

    this.unterminated = true;
    this.complete(new Uint8Array(0), lines);
    return lines;
  }

  private complete(tail: Uint8Array, lines: TextLine[]): void {
    if (!this.skipping && this.pendingBytes + tail.length <= MAX_LINE_BYTES) {
      this.emit(this.take(tail), lines);
      return;
    }
    if (this.html) {
      this.emit(this.take(tail), lines);
      return;
    }
    // Same limit as the byte scanner, so both quarantine the line the same way.
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    this.started = true;
    lines.push({ text: '', line: ++this.line, overlong: true });
  }

  private hold(part: Uint8Array): void {
    if (this.skipping) return;
    if (!this.html && this.pendingBytes + part.length > MAX_LINE_BYTES) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    this.pending.push(part.slice());
    this.pendingBytes += part.length;
  }

  private take(tail: Uint8Array): Uint8Array {
    if (this.pending.length === 0) return tail;

    const parts = [...this.pending, tail];
    this.pending = [];
    this.pendingBytes = 0;
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }

  private emit(bytes: Uint8Array, lines: TextLine[]): void {
    let text = this.decoder.decode(bytes);
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!this.html) {
      lines.push({ text, line: ++this.line });
      return;
    }

    const pieces = text.split(BREAK_TAG);
    if (pieces.length > 1 && pieces.at(-1)!.trim() === '') pieces.pop();
    for (const piece of pieces) lines.push({ text: stripTags(piece), line: ++this.line });
  }
}

/** Removes HTML tags. */
export function stripTags(text: string): string {
  return text.replace(TAG, '');
}

/**
 * True for a line with no content: empty, or starting with a tag or a control or space
 * character and holding only tags and whitespace. The byte scanner applies the same rule.
 */
export function isBlankLine(text: string): boolean {
  if (text === '') return true;
  if (text.charCodeAt(0) > 32 && !text.startsWith('<')) return false;
  return stripTags(text).trim() === '';
}

/** True when the text looks like HTML: a document, body, pre or br tag. */
export function looksLikeHtml(text: string): boolean {
  return /<(!doctype|html|head|body|pre|br)\b/i.test(text);
}

/** The console's fonts: the system's own first (Chinese ones included); the shipped CJK font only where none has the characters. */
export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Seatline CJK', sans-serif";

/** Code and raw data (a CSV row, a SIP user): monospace, with a Chinese font behind it for the characters it lacks. */
export const FONT_FAMILY_CODE =
  "'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, Courier, monospace, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Seatline CJK'";

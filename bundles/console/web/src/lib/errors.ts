import zh from '../locales/errors.zh-CN.json';

const ZH: Record<string, string> = zh;

/**
 * What a refusal of the server says to the user. The server's messages are English and carry the specifics (which
 * agent, which limit); in Chinese the code's own sentence comes first, the server's words after it. Every code of
 * docs/errors.md has its sentence (a unit test holds that).
 */
export function errorMessage(code: string, server: string, lang: string = currentLanguage()): string {
  const own = lang === 'zh-CN' ? ZH[code] : undefined;
  if (!own) {
    return server;
  }
  return server && server !== own ? `${own}：${server}` : own;
}

/** The console's language as i18n set it on the document (this module runs before and outside React). */
function currentLanguage(): string {
  return typeof document !== 'undefined' ? document.documentElement.lang : 'en';
}

export const ERROR_CODES_ZH = ZH;

import i18n from '../i18n';
import en from './locales/en.json';
import zh from './locales/zh-CN.json';

// The administration's own strings come with its chunk: the agent's desk never downloads them.
i18n.addResourceBundle('en', 'translation', en, true, false);
i18n.addResourceBundle('zh-CN', 'translation', zh, true, false);

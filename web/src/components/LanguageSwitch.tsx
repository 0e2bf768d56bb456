import { Segmented } from 'antd';
import { useI18n } from '../language';
import type { Language } from '../i18n';

/** VI | EN. Short labels fit a phone header; the full names are in the tooltips. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('language.label')}
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'vi', label: 'VI', title: t('language.vi') },
        { value: 'en', label: 'EN', title: t('language.en') },
      ]}
    />
  );
}

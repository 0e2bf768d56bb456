import type { ThemeConfig } from 'antd';

/** Colours of the app: a sober administrative blue, readable on cheap office screens. */
export const colors = {
  primary: '#1a5fb4',
  sider: '#0b2545',
  siderSelected: '#1a5fb4',
  accent: '#ffd54f',
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: colors.primary,
    borderRadius: 6,
    // Vietnamese diacritics stack above and below the letters; system UI fonts render them well.
    fontFamily: "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { siderBg: colors.sider, headerBg: '#ffffff', headerHeight: 64 },
    Menu: { darkItemBg: colors.sider, darkSubMenuItemBg: colors.sider, darkItemSelectedBg: colors.siderSelected },
  },
};

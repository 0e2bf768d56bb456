import { Flex, Typography } from 'antd';
import { Bar, CartesianGrid, Cell, ComposedChart, LabelList, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInteger, formatPct } from '../../format';
import { useCampaignTexts } from './texts';
import type { ShareRow } from './types';

export const percentText = formatPct;

const colors = { meets: '#389e0d', below: '#fa8c16', noTarget: '#1a5fb4', target: '#cf1322' };

function barColor(row: ShareRow): string {
  if (row.meetsTarget === null) return colors.noTarget;
  return row.meetsTarget ? colors.meets : colors.below;
}

interface Datum {
  code: string;
  name: string;
  share: number;
  target: number | null;
  row: ShareRow;
}

/** Short axis labels: "Phường Kon Tum" → "P. Kon Tum", "Tỉnh Quảng Ngãi" → "Quảng Ngãi". */
function shortName(name: string): string {
  return name
    .replace(/^Thành phố /, 'TP. ')
    .replace(/^Tỉnh /, '')
    .replace(/^Phường /, 'P. ')
    .replace(/^Xã /, 'X. ')
    .replace(/^Đặc khu /, 'ĐK. ');
}

/**
 * The cashless share of each unit as bars (green: meets its target, orange: below, blue: no
 * target) with the target as a red line, in percent; the tooltip gives "141/150 người = 94,0%".
 */
export function ShareChart({ rows, onOpen }: { rows: ShareRow[]; onOpen(row: ShareRow): void }) {
  const t = useCampaignTexts();
  const data: Datum[] = rows.map((row) => ({ code: row.unitCode, name: shortName(row.unitName), share: row.sharePct, target: row.targetPct, row }));
  const hasTargets = data.some((datum) => datum.target !== null);
  const height = 340;
  const legend = [
    { key: 'meets', color: colors.meets, text: t('summary.meets'), shown: data.some((datum) => datum.row.meetsTarget === true) },
    { key: 'below', color: colors.below, text: t('summary.below'), shown: data.some((datum) => datum.row.meetsTarget === false) },
    { key: 'none', color: colors.noTarget, text: t('summary.noTarget'), shown: data.some((datum) => datum.row.meetsTarget === null) },
  ].filter((entry) => entry.shown);
  return (
    <div style={{ width: '100%' }} data-testid="share-chart">
      <Flex gap={16} wrap justify="center" style={{ marginBottom: 4 }}>
        {legend.map((entry) => (
          <Flex key={entry.key} gap={6} align="center">
            <span style={{ width: 12, height: 12, borderRadius: 2, background: entry.color, display: 'inline-block' }} />
            <Typography.Text style={{ fontSize: 12 }}>
              {t('chart.share')}: {entry.text}
            </Typography.Text>
          </Flex>
        ))}
        {hasTargets && (
          <Flex gap={6} align="center">
            <span style={{ width: 18, borderTop: `2px dashed ${colors.target}`, display: 'inline-block' }} />
            <Typography.Text style={{ fontSize: 12 }}>{t('chart.target')}</Typography.Text>
          </Flex>
        )}
      </Flex>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 24, right: 16, bottom: rows.length > 8 ? 40 : 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} angle={rows.length > 8 ? -30 : 0} textAnchor={rows.length > 8 ? 'end' : 'middle'} height={rows.length > 8 ? 70 : 30} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} tickFormatter={(value: number) => `${value}%`} width={48} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value, name, item) => {
              const datum = (item as { payload?: Datum }).payload;
              if (name === t('chart.share') && datum) {
                return [t('chart.tooltip', { with: formatInteger(datum.row.withAccount), total: formatInteger(datum.row.beneficiaries), share: percentText(datum.share) }), name];
              }
              return [typeof value === 'number' ? percentText(value, 0) : String(value ?? ''), name];
            }}
            labelFormatter={(_label, payload) => (payload?.[0]?.payload as Datum | undefined)?.row.unitName ?? ''}
          />
          <Bar dataKey="share" name={t('chart.share')} maxBarSize={56} cursor="pointer" onClick={(entry) => onOpen((entry as unknown as { payload: Datum }).payload.row)} isAnimationActive={false}>
            {data.map((datum) => (
              <Cell key={datum.code} fill={barColor(datum.row)} />
            ))}
            <LabelList dataKey="share" position="top" formatter={(value) => (typeof value === 'number' ? percentText(value) : '')} style={{ fontSize: 12, fill: '#333' }} />
          </Bar>
          {hasTargets && (
            <Line
              dataKey="target"
              name={t('chart.target')}
              stroke={colors.target}
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={{ r: 4, fill: colors.target }}
              connectNulls
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

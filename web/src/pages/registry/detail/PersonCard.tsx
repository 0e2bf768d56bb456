import { Card, Descriptions, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { formatDate } from '../../../format';
import { useI18n } from '../../../language';
import type { Person } from '../../common/types';
import { useRegistryTexts } from '../texts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

function age(birthDate: string, deathDate: string | null): number {
  return (deathDate ? dayjs(deathDate) : dayjs()).diff(dayjs(birthDate), 'year');
}

/** Who the beneficiary is: identity, contact and residence. */
export function PersonCard({ person }: { person: Person }) {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const empty = <Typography.Text type="secondary">{shell('common.none')}</Typography.Text>;
  return (
    <Card title={t('person.title')} size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'id', label: t('person.personalId'), children: <span style={mono}>{person.personalId}</span> },
          { key: 'legacy', label: t('person.legacyId'), children: person.legacyId ? <span style={mono}>{person.legacyId}</span> : empty },
          {
            key: 'birth',
            label: t('person.birthDate'),
            children: `${formatDate(person.birthDate)} (${t('person.age', { age: age(person.birthDate, person.deathDate) })})`,
          },
          { key: 'sex', label: t('person.sex'), children: person.sex === 'F' ? t('sex.F') : t('sex.M') },
          { key: 'phone', label: t('person.phone'), children: person.phone ? <span style={mono}>{person.phone}</span> : empty },
          { key: 'commune', label: t('person.commune'), children: person.communeName ?? person.communeCode },
          { key: 'address', label: t('person.address'), children: person.address ?? empty, span: 2 },
          ...(person.deathDate
            ? [{ key: 'death', label: t('person.deathDate'), children: <Tag>{formatDate(person.deathDate)}</Tag> }]
            : []),
        ]}
      />
    </Card>
  );
}

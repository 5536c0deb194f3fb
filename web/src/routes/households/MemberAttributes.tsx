import { Descriptions, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import type { Member } from '../../api/households';
import {
  careLabel,
  disabilityLabel,
  formatYuan,
  laborLabel,
  studentLabel,
  supporterLabel,
} from '../../lib/household-labels';
import { latestOf, ProvenanceNote } from './ProvenanceNote';

const yesNo = (b: boolean) => (b ? '是' : '否');

/** A member's attributes of SPEC §4.1 (appendix A.2), each with where its value came from. */
export function MemberAttributes({ member: m }: { member: Member }) {
  const p = m.provenance;
  const item = (
    key: string,
    label: string,
    value: ReactNode,
    provenance = p[key],
  ): NonNullable<DescriptionsProps['items']>[number] => ({
    key,
    label,
    children: (
      <div data-testid={`attr-${m.personId}-${key}`}>
        <div>{value}</div>
        <ProvenanceNote p={provenance} testId={`provenance-${m.personId}-${key}`} />
      </div>
    ),
  });

  return (
    <Descriptions
      size="small"
      layout="vertical"
      column={{ xs: 1, sm: 2, md: 3, xxl: 4 }}
      items={[
        item('monthlyIncome', '月收入', formatYuan(m.monthlyIncome)),
        item('laborCapacity', '劳动能力', laborLabel(m.laborCapacity)),
        item(
          'disability',
          '残疾',
          disabilityLabel(m.disability),
          latestOf(p.disabilityGrade, p.disabilityType),
        ),
        item('seriousIllness', '重病', yesNo(m.seriousIllness)),
        item('studentStage', '在学阶段', studentLabel(m.studentStage)),
        item('employed', '就业', yesNo(m.employed)),
        item('careLevel', '照料等级', m.careLevel ? careLabel(m.careLevel) : '未评定'),
        item('supporter', '赡养（抚养、扶养）义务人', supporterLabel(m.supporter)),
      ]}
    />
  );
}

import { Col, Flex, Row } from 'antd';
import { useState } from 'react';
import { PopulationCheckCard, QualityFlagsCard } from './ChecksCards';
import { ReviewQueue } from './ReviewQueue';

/** "Rà soát": the population check, the data-quality flags and the queue of discrepancies. */
export function ReviewPanel() {
  const [version, setVersion] = useState(0);
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <PopulationCheckCard onFinished={() => setVersion((value) => value + 1)} />
        </Col>
        <Col xs={24} xl={10}>
          <QualityFlagsCard />
        </Col>
      </Row>
      <ReviewQueue version={version} />
    </Flex>
  );
}

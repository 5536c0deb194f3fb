import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { exportHref, type SearchCriteria, useRegistrySearch } from '../../api/households';
import { useCurrentUser } from '../../session/current-user';
import { useDrillRegion } from '../../session/drill-region';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';
import { readSearch, writeSearch } from './search-params';

/**
 * 低收入人口检索: households of the user's subtree by ID number, name, household number, region and
 * category; paginated by the server; the same search exports to Excel.
 */
export default function HouseholdsPage() {
  const user = useCurrentUser();
  const drill = useDrillRegion();
  const [params, setParams] = useSearchParams();
  const state = readSearch(params, drill.isOwn ? undefined : drill.code);
  const search = useRegistrySearch(state.criteria, {
    limit: state.size,
    offset: (state.page - 1) * state.size,
  });
  const canExport = user.permissions?.includes('registry.export') ?? false;

  const go = (criteria: SearchCriteria, page = 1, size = state.size) =>
    setParams(writeSearch({ criteria, page, size }, user.regionCode));

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        低收入人口检索
      </Typography.Title>
      <Card>
        {/* Remounted when the URL changes (back button), so the fields show the search on screen. */}
        <SearchForm
          key={params.toString()}
          initial={state.criteria}
          ownRegion={user.regionCode}
          onSearch={(c) => go(c)}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          按身份证号、户编号或姓名之一检索（同时填写时依此顺序取第一项），限于所选地区；都不填则列出所选地区的全部家庭。
          身份证号按角色脱敏显示。
        </Typography.Text>
      </Card>
      <Card
        title="检索结果"
        extra={
          canExport && (
            <Button
              href={exportHref(state.criteria)}
              icon={<DownloadOutlined />}
              data-testid="registry-export"
              download
            >
              导出 Excel
            </Button>
          )
        }
      >
        {search.isError ? (
          <Alert
            type="error"
            showIcon
            title={isApiError(search.error) ? search.error.displayMessage : '检索失败，请稍后重试'}
            action={
              <Button size="small" onClick={() => void search.refetch()}>
                重试
              </Button>
            }
          />
        ) : (
          <ResultsTable
            data={search.data}
            loading={search.isFetching}
            page={state.page}
            size={state.size}
            onPage={(page, size) => go(state.criteria, size === state.size ? page : 1, size)}
          />
        )}
      </Card>
    </Flex>
  );
}

import { useApolloClient, useQuery } from '@apollo/client/react';
import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';

import { AdminUnitsDocument } from '../../gql/district/graphql';

interface Node {
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  children?: Node[];
}

export interface UnitTreeSelectProps {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** Which levels may be picked (the others only open to show what is under them). */
  pick: readonly ('DISTRICT' | 'WARD')[];
  /** A district whose communes are loaded at once (the unit being edited is one of them). */
  openDistrict?: string | null;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
  ariaLabel?: string;
  /** A unit above the districts, itself pickable (the city, for its own council's terms). */
  root?: { code: string; name: string } | null;
}

/** The hierarchy as a tree: districts, each opening onto its communes that have a council (loaded when opened). */
export function UnitTreeSelect({ value, onChange, pick, openDistrict, placeholder, disabled, id, ariaLabel, root }: UnitTreeSelectProps) {
  const client = useApolloClient();
  const districts = useQuery(AdminUnitsDocument, { variables: { level: 'DISTRICT' } });
  const [wards, setWards] = useState<Record<string, Node[]>>({});

  const loadWards = async (code: string) => {
    if (wards[code]) return;
    const { data } = await client.query({ query: AdminUnitsDocument, variables: { level: 'WARD', parentCode: code } });
    const list = (data?.councilUnits ?? [])
      .filter((w) => w.hasCouncil)
      .map((w): Node => ({ value: w.code, title: w.name, isLeaf: true, selectable: pick.includes('WARD') }));
    setWards((prev) => ({ ...prev, [code]: list }));
  };

  useEffect(() => {
    if (openDistrict) void loadWards(openDistrict);
    // Once per district: loadWards keeps what it loaded.
  }, [openDistrict]);

  const districtNodes: Node[] = (districts.data?.councilUnits ?? [])
    .filter((d) => d.hasCouncil)
    .map((d) => ({ value: d.code, title: d.name, isLeaf: false, selectable: pick.includes('DISTRICT'), children: wards[d.code] }));
  const treeData: Node[] = root
    ? [{ value: root.code, title: root.name, isLeaf: false, selectable: true, children: districtNodes }]
    : districtNodes;

  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      showSearch
      allowClear
      disabled={disabled}
      treeNodeFilterProp="title"
      // Thirty districts and, once one is opened, its communes: few enough to render all (and for a screen reader to read).
      virtual={false}
      treeData={treeData}
      treeDefaultExpandedKeys={root ? [root.code] : undefined}
      loadData={(node) => loadWards(String(node.value))}
      loading={districts.loading}
      placeholder={placeholder}
      style={{ minWidth: 280 }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
    />
  );
}

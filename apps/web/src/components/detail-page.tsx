/**
 * An object's screen: its name with Edit and Delete (for those who may), its facts, what the page adds,
 * and who has access to it.
 */
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { AccessPanel } from './access-panel';
import { useCan } from './capabilities';
import { DeleteButton } from './confirm-dialog';
import { Details, PageHeader } from './page-header';
import { displayName, type ResourceKind } from './resource-kinds';
import type { ResourceType, WithCapabilities } from './resource-types';

export interface DetailPageProps {
  kind: ResourceKind;
  obj: WithCapabilities & { id: number } & ({ name: string } | { username: string });
  /** The definition list under the title. */
  facts: Array<[string, ReactNode]>;
  /** Buttons before Edit (Sync, Launch). */
  actions?: ReactNode;
  /** Default: what the object's capabilities say. */
  canEdit?: boolean;
  canDelete?: boolean;
  /** Ends the page with its access panel (granting needs canEdit). */
  access?: ResourceType;
  children?: ReactNode;
}

export function DetailPage({ kind, obj, facts, actions, canEdit, canDelete, access, children }: DetailPageProps) {
  const navigate = useNavigate();
  const may = useCan(obj);
  const edit = canEdit ?? may('edit');
  const name = displayName(obj);
  return (
    <>
      <PageHeader title={name} back={<Link to={kind.route}>{kind.title}</Link>}>
        {actions}
        {edit ? (
          <button type="button" onClick={() => navigate(`${kind.route}/${obj.id}/edit`)}>
            Edit
          </button>
        ) : null}
        {(canDelete ?? may('delete')) ? <DeleteButton path={`${kind.api}/${obj.id}`} what={`${kind.noun} ${name}`} onDeleted={() => navigate(kind.route)} /> : null}
      </PageHeader>
      <Details items={facts} />
      {children}
      {access ? <AccessPanel resourceType={access} resourceId={obj.id} canGrant={edit} /> : null}
    </>
  );
}

import type { RoleSummary } from '@hyperion/contracts';
import { BUILT_IN_ROLES } from '@hyperion/contracts';

import { roleOptions } from './role-options';

const roles: RoleSummary[] = (['admin', 'operator', 'viewer'] as const).map((name) => ({
  id: `role-${name}`,
  name,
  description: '',
  permissions: [...BUILT_IN_ROLES[name]],
  builtIn: true,
}));

describe('roleOptions', () => {
  it('enables only the roles whose every permission the user holds', () => {
    const held = [...BUILT_IN_ROLES.operator];
    expect(roleOptions(roles, held)).toEqual([
      { name: 'admin', disabled: true },
      { name: 'operator', disabled: false },
      { name: 'viewer', disabled: false },
    ]);
  });

  it("keeps a member's current roles selectable, so they can be taken away", () => {
    expect(roleOptions(roles, [...BUILT_IN_ROLES.viewer], ['admin'])).toEqual([
      { name: 'admin', disabled: false },
      { name: 'operator', disabled: true },
      { name: 'viewer', disabled: false },
    ]);
  });
});

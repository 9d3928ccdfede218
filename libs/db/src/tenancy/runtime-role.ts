/** The role every runtime connection uses: owns nothing, no superuser, cannot bypass row-level security. */
export const runtimeRole = 'meshguard_app';

/**
 * libs/rules (the rule catalog, frameworks and the NetworkPolicy model: about 270 modules, ~0.5 s and ~30 MB to
 * import), loaded on first use: no request needed to reach /readyz uses it. The promise is cached, so later calls
 * cost one resolved await.
 */
let rulesModule: Promise<typeof import('@meshguard/rules')> | undefined;
export const rulesCatalog = () => (rulesModule ??= import('@meshguard/rules'));

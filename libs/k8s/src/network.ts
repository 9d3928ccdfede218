// Address policy and DNS pinning without the Kubernetes client: webhook delivery and the API need only these, and
// importing the package root would load @kubernetes/client-node (tens of MB, seconds at start-up on a busy host).
export { AddressAllowlist, blockedAddressReason, canonicalAddress } from './network/address-policy.js';
export { systemResolver, type HostResolver } from './network/server-address-pinning.js';

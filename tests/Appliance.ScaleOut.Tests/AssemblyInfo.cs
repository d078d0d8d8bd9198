// Each test runs three registries, HAProxy and skopeo processes; two such clusters at once overload a small machine
// until health checks time out, which tests the machine rather than the registry.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

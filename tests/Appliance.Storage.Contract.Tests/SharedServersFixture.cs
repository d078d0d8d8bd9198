[assembly: AssemblyFixture(typeof(Appliance.Testing.SharedServers))]

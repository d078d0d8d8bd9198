using System.CommandLine;
using Appliance.Core.ClusterConfig;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>icsp-to-idms FILE...</c>: what <c>oc adm migrate icsp</c> does, offline: each ImageContentSourcePolicy becomes an
/// ImageDigestMirrorSet of the same name with the same sources and mirrors (no source policy, as oc leaves it).
/// </summary>
public static class IcspToIdmsCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Description = "YAML files holding ImageContentSourcePolicy documents", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "directory for imagedigestmirrorset_NAME.yaml files (default: print them)" };
        var command = new Command("icsp-to-idms", "convert ImageContentSourcePolicy files to ImageDigestMirrorSet, like 'oc adm migrate icsp'") { files, output };
        command.SetAction(parse =>
        {
            var documents = new List<(string Name, string Yaml)>();
            foreach (var file in parse.GetValue(files)!)
            {
                var policies = IcspFiles.Read(file);
                if (policies.Count == 0) System.Console.Error.WriteLine($"icsp-to-idms: {file} holds no ImageContentSourcePolicy");
                documents.AddRange(policies.Select(p => (p.Name, MirrorSetDocuments.ImageDigestMirrorSet(p.Name, p.Entries, policy: null))));
            }
            if (parse.GetValue(output) is { } directory)
            {
                Directory.CreateDirectory(directory);
                foreach (var (name, yaml) in documents)
                {
                    var path = Path.Combine(directory, $"imagedigestmirrorset_{name}.yaml");
                    File.WriteAllText(path, yaml);
                    System.Console.Error.WriteLine($"wrote {path}");
                }
            }
            else System.Console.Write(string.Join("---\n", documents.Select(d => d.Yaml)));
            return documents.Count > 0 ? 0 : 1;
        });
        return command;
    }
}

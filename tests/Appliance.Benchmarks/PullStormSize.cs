namespace Appliance.Benchmarks;

/// <summary><paramref name="Clients"/> nodes each pull <paramref name="Layers"/> layers of <paramref name="LayerBytes"/>, <paramref name="Passes"/> times.</summary>
public sealed record PullStormSize(int Clients, int Layers, int LayerBytes, int Passes)
{
    public long BytesServed => (long)Clients * Layers * LayerBytes * Passes;

    public override string ToString() => $"{Clients} clients x {Layers} x {LayerBytes >> 20} MiB layers, {Passes} pulls each";
}

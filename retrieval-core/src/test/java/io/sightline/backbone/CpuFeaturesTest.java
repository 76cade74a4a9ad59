package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuFeaturesTest {

    @Test
    void vnniIsReadFromTheFirstProcessorsFlags() {
        String avx2Only = """
                processor	: 0
                model name	: AMD EPYC
                flags		: fpu sse4_2 avx avx2 fma
                """;
        String avx512Vnni = """
                processor	: 0
                model name	: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
                flags		: fpu avx2 avx512f avx512bw avx512_vnni

                processor	: 1
                flags		: fpu
                """;
        String avxVnni = "model name : Intel(R) Core(TM) i7-12700\nflags : avx2 avx_vnni\n";

        assertThat(CpuFeatures.parse(avx2Only)).isEqualTo(new CpuFeatures("AMD EPYC", Optional.of(false)));
        assertThat(CpuFeatures.parse(avx512Vnni).vnni()).contains(true);
        assertThat(CpuFeatures.parse(avx512Vnni).model()).startsWith("Intel(R) Xeon(R) Platinum 8375C");
        assertThat(CpuFeatures.parse(avxVnni).vnni()).contains(true);
    }

    @Test
    void withoutFlagsVnniIsUnknown() {
        CpuFeatures arm = CpuFeatures.parse("processor : 0\nBogoMIPS : 50.00\nFeatures : fp asimd\n");

        assertThat(arm).isEqualTo(new CpuFeatures("unknown", Optional.empty()));
        assertThat(arm.describe()).isEqualTo("unknown, int8 VNNI unknown");
    }
}

import Testing
@testable import TallyCore

extension ParsingTests {
    /// XXH64 against the published vectors and against values produced by the reference C library
    /// (libxxhash 0.8.1, `XXH64(data, len, seed)`; seed-0 values double-checked with `xxhsum -H64`).
    @Suite struct XXH64Tests {
        /// The input of the library-derived vectors: byte i is (i * 31 + 7) mod 256.
        static let data: [UInt8] = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

        @Test func publishedVectors() {
            #expect(XXH64.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
            #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
            #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
            #expect(XXH64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
            #expect(XXH64.hash(Array("abc".utf8), seed: 1) == 0xBEA9_CA81_9932_8908)
            #expect(XXH64.hash([UInt8](), seed: 1) == 0xD5AF_BA13_36A3_BE4B)
        }

        static let vectors: [(Int, UInt64, UInt64)] = [
            (0, 0x0000_0000_0000_0000, 0xEF46_DB37_51D8_E999), (1, 0x0000_0000_0000_0000, 0xA96C_7F0C_E858_BBB7),
            (3, 0x0000_0000_0000_0000, 0x56E6_9576_32A4_87F9), (4, 0x0000_0000_0000_0000, 0xC60D_15B1_E3FF_8F04),
            (7, 0x0000_0000_0000_0000, 0xAFBE_FC3D_6C6F_9A8E), (8, 0x0000_0000_0000_0000, 0x3DA5_C7AA_2696_83E0),
            (9, 0x0000_0000_0000_0000, 0x4B17_A9BA_9E21_5C09), (15, 0x0000_0000_0000_0000, 0xAE2A_37EB_9357_CAA7),
            (16, 0x0000_0000_0000_0000, 0xA19A_D429_B02B_C413), (31, 0x0000_0000_0000_0000, 0x4A74_F3A1_A39A_D4A1),
            (32, 0x0000_0000_0000_0000, 0x8D57_D6A4_671C_C43D), (33, 0x0000_0000_0000_0000, 0x62C9_FD21_ED85_7664),
            (63, 0x0000_0000_0000_0000, 0x5C32_0A0D_2707_057F), (64, 0x0000_0000_0000_0000, 0x7BBA_BBC4_5729_D17E),
            (65, 0x0000_0000_0000_0000, 0xF398_0C34_BAE6_5DC1), (100, 0x0000_0000_0000_0000, 0xEFA0_AD2D_3E70_C151),
            (1000, 0x0000_0000_0000_0000, 0x9959_4F48_2804_3D35), (1999, 0x0000_0000_0000_0000, 0x24AD_919A_9CBB_DD23),
            (0, 0x0000_0000_0000_0001, 0xD5AF_BA13_36A3_BE4B), (1, 0x0000_0000_0000_0001, 0x0766_883A_0A47_A96A),
            (3, 0x0000_0000_0000_0001, 0x598A_FE4F_BB09_D9F6), (4, 0x0000_0000_0000_0001, 0x5E9F_99AA_13DE_2D02),
            (7, 0x0000_0000_0000_0001, 0xBD99_F1FA_0DE7_B9A4), (8, 0x0000_0000_0000_0001, 0x1B4E_043A_4021_AA18),
            (9, 0x0000_0000_0000_0001, 0x2A77_C6E7_83FB_18B1), (15, 0x0000_0000_0000_0001, 0xC88B_D848_41AF_8AC9),
            (16, 0x0000_0000_0000_0001, 0x78B5_88AF_C3E5_E956), (31, 0x0000_0000_0000_0001, 0xD7AC_4F4B_EA4E_460A),
            (32, 0x0000_0000_0000_0001, 0x8F66_6909_CFD0_0CC8), (33, 0x0000_0000_0000_0001, 0xB157_5979_B72C_805A),
            (63, 0x0000_0000_0000_0001, 0x61B9_CB22_0DA7_7A86), (64, 0x0000_0000_0000_0001, 0xEE10_EEE9_8120_2CE9),
            (65, 0x0000_0000_0000_0001, 0xB99A_8864_D500_5B72), (100, 0x0000_0000_0000_0001, 0xCD81_03AE_CD2E_D5CF),
            (1000, 0x0000_0000_0000_0001, 0x31DB_8080_BC8E_B541), (1999, 0x0000_0000_0000_0001, 0x6D88_8BF0_E003_3DD1),
            (0, 0x9E37_79B1_85EB_CA87, 0x6EC6_D05F_61C7_E7A7), (1, 0x9E37_79B1_85EB_CA87, 0x0C81_0166_B301_22A5),
            (3, 0x9E37_79B1_85EB_CA87, 0x4516_3CDC_31E1_5BE1), (4, 0x9E37_79B1_85EB_CA87, 0xB000_BCF3_F8BC_AEFE),
            (7, 0x9E37_79B1_85EB_CA87, 0xE10F_33AF_8C47_58A3), (8, 0x9E37_79B1_85EB_CA87, 0xCB4A_80EC_C7A0_94C6),
            (9, 0x9E37_79B1_85EB_CA87, 0xD98E_EA92_DAAC_E6DB), (15, 0x9E37_79B1_85EB_CA87, 0x3EB4_D31A_7B83_59CA),
            (16, 0x9E37_79B1_85EB_CA87, 0x0E3F_56E8_8F75_9A50), (31, 0x9E37_79B1_85EB_CA87, 0x659E_C2B1_252D_56F5),
            (32, 0x9E37_79B1_85EB_CA87, 0xF113_D245_7128_CF6D), (33, 0x9E37_79B1_85EB_CA87, 0x8457_5B86_0242_FE41),
            (63, 0x9E37_79B1_85EB_CA87, 0x355C_C187_2A48_6C6E), (64, 0x9E37_79B1_85EB_CA87, 0xEA2D_5E8A_98BE_C153),
            (65, 0x9E37_79B1_85EB_CA87, 0xE6F9_EB9A_843F_A660), (100, 0x9E37_79B1_85EB_CA87, 0xE10C_FEF3_A9A0_A5C5),
            (1000, 0x9E37_79B1_85EB_CA87, 0xD79C_60B9_4F81_CBF0), (1999, 0x9E37_79B1_85EB_CA87, 0x0C42_C85D_0787_6C8A),
            (0, 0xFFFF_FFFF_FFFF_FFFF, 0x298F_4C84_B24F_5380), (1, 0xFFFF_FFFF_FFFF_FFFF, 0xD7F4_6261_BA7C_5B95),
            (3, 0xFFFF_FFFF_FFFF_FFFF, 0xC3F4_5502_AFCA_0370), (4, 0xFFFF_FFFF_FFFF_FFFF, 0xF525_03FE_9D55_F874),
            (7, 0xFFFF_FFFF_FFFF_FFFF, 0x80C7_FBFE_BD75_B559), (8, 0xFFFF_FFFF_FFFF_FFFF, 0x33AE_E965_6E99_F801),
            (9, 0xFFFF_FFFF_FFFF_FFFF, 0x3FE4_27B6_8CA1_4C9D), (15, 0xFFFF_FFFF_FFFF_FFFF, 0x9BB8_C61F_E82D_1156),
            (16, 0xFFFF_FFFF_FFFF_FFFF, 0x7278_97B8_22AA_F2EE), (31, 0xFFFF_FFFF_FFFF_FFFF, 0xABAC_8592_ADC0_8188),
            (32, 0xFFFF_FFFF_FFFF_FFFF, 0xA428_E146_5B2E_4331), (33, 0xFFFF_FFFF_FFFF_FFFF, 0x5144_1ED0_F594_F61C),
            (63, 0xFFFF_FFFF_FFFF_FFFF, 0xF647_0CCC_2B8C_65CA), (64, 0xFFFF_FFFF_FFFF_FFFF, 0x0457_3CA9_3352_66C2),
            (65, 0xFFFF_FFFF_FFFF_FFFF, 0xAA55_F7CD_EC46_5A22), (100, 0xFFFF_FFFF_FFFF_FFFF, 0xBD4F_CAAB_F7CA_D1A6),
            (1000, 0xFFFF_FFFF_FFFF_FFFF, 0x44B2_E231_87D6_1C00), (1999, 0xFFFF_FFFF_FFFF_FFFF, 0xD761_A1F9_6F86_8868),
        ]

        @Test(arguments: vectors)
        func referenceLibraryVectors(length: Int, seed: UInt64, expected: UInt64) {
            let input = Array(Self.data[0..<length])
            #expect(XXH64.hash(input, seed: seed) == expected)
            input.withUnsafeBytes { #expect(XXH64.hash($0, seed: seed) == expected) }
        }

        /// Streaming in pieces of `piece` bytes must give the one-shot (and the library's) value.
        @Test(arguments: [1, 2, 3, 5, 7, 8, 16, 31, 32, 33, 63, 64, 65, 999, 1000])
        func streamingInFixedPiecesEqualsOneShot(piece: Int) {
            let input = Array(Self.data[0..<1000])
            for seed: UInt64 in [0, 1] {
                var hasher = XXH64(seed: seed)
                var offset = 0
                while offset < input.count {
                    let end = min(offset + piece, input.count)
                    input[offset..<end].withUnsafeBytes { hasher.update($0) }
                    offset = end
                }
                let expected: UInt64 = seed == 0 ? 0x9959_4F48_2804_3D35 : 0x31DB_8080_BC8E_B541
                #expect(hasher.finalize() == expected, "piece \(piece) seed \(seed)")
                #expect(hasher.finalize() == XXH64.hash(input, seed: seed))
            }
        }

        @Test func streamingInMixedOddPiecesEqualsOneShot() {
            let input = Array(Self.data[0..<1000])
            let oneShot = XXH64.hash(input)
            #expect(oneShot == 0x9959_4F48_2804_3D35)
            for rotation in 0..<4 {
                let sizes = [1, 7, 31, 33]
                var hasher = XXH64()
                var offset = 0
                var k = rotation
                while offset < input.count {
                    let end = min(offset + sizes[k % sizes.count], input.count)
                    input[offset..<end].withUnsafeBytes { hasher.update($0) }
                    // Empty updates in between change nothing.
                    hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
                    offset = end
                    k += 1
                }
                #expect(hasher.finalize() == oneShot, "rotation \(rotation)")
            }
        }

        @Test func everyPrefixLengthStreamsLikeOneShot() {
            // Splitting at every point of every short input exercises all pending/stripe boundaries.
            for length in [0, 1, 31, 32, 33, 64, 65, 100] {
                let input = Array(Self.data[0..<length])
                let oneShot = XXH64.hash(input)
                for split in 0...length {
                    var hasher = XXH64()
                    input[0..<split].withUnsafeBytes { hasher.update($0) }
                    input[split..<length].withUnsafeBytes { hasher.update($0) }
                    #expect(hasher.finalize() == oneShot, "length \(length) split \(split)")
                }
            }
            // The library's value for 100 bytes.
            #expect(XXH64.hash(Array(Self.data[0..<100])) == 0xEFA0_AD2D_3E70_C151)
        }

        @Test func finalizeDoesNotConsumeTheState() {
            var hasher = XXH64()
            let input = Array(Self.data[0..<64])
            input[0..<40].withUnsafeBytes { hasher.update($0) }
            _ = hasher.finalize()
            input[40..<64].withUnsafeBytes { hasher.update($0) }
            #expect(hasher.finalize() == 0x7BBA_BBC4_5729_D17E)
        }
    }
}

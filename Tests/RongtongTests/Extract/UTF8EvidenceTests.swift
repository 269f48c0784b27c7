import Foundation
import XCTest
@testable import RongtongExtract

final class UTF8EvidenceTests: XCTestCase {
    /// `text` encoded as GB18030 by iconv(1).
    static func gb18030(_ text: String) throws -> [UInt8] {
        let folder = try TestPaths.temporaryFolder()
        let input = folder.appendingPathComponent("in.txt"), output = folder.appendingPathComponent("out.txt")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", "-o", output.path, input.path]
        try iconv.run()
        iconv.waitUntilExit()
        XCTAssertEqual(iconv.terminationStatus, 0)
        return Array(try Data(contentsOf: output))
    }

    /// The weighing that `auto` decides by: GB18030 text read as UTF-8 is mostly invalid (with a valid-looking
    /// pair here and there), UTF-8 with a GBK name pasted in is mostly valid.
    func testUTF8EvidenceTellsAGB18030FileFromAUTF8FileWithAGBKRecord() throws {
        let text = "序号,户主姓名,家庭住址\n1,张三丰,白云区大山洞街道东升小区3栋2单元501室\n2,李四,观山湖区金华园街道碧海社区5栋\n"
        let utf8 = Array(text.utf8)
        let gb = try Self.gb18030(text)
        XCTAssertFalse(UTF8Evidence.weigh(gb).isMostlyUTF8OrClean, "\(UTF8Evidence.weigh(gb))")
        XCTAssertTrue(UTF8Evidence.weigh(utf8).isMostlyUTF8OrClean)
        XCTAssertEqual(UTF8Evidence.weigh(utf8).invalidStretches, 0)
        let mixed = utf8 + Array("3,".utf8) + [0xC0, 0xEE, 0xCB, 0xC4] + Array(",Room 7\n".utf8)
        XCTAssertEqual(UTF8Evidence.weigh(mixed).invalidStretches, 1)
        XCTAssertTrue(UTF8Evidence.weigh(mixed).isMostlyUTF8)
        // Half and half: not overwhelmingly UTF-8, so GB18030 as before.
        XCTAssertFalse(UTF8Evidence.weigh(Array("张三\n".utf8) + gb).isMostlyUTF8)
    }

    /// A sequence cut by the end of a chunk is judged whole, with the next chunk.
    func testASequenceCutByAChunkBoundaryIsJudgedWhole() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("long.txt")
        // 张 is 3 bytes; the padding puts one of them across the 1 MiB boundary.
        let bytes = Array(repeating: UInt8(ascii: "a"), count: (1 << 20) - 1) + Array("张三李四王五".utf8)
        try Data(bytes).write(to: file)
        XCTAssertEqual(try UTF8Evidence.weigh(file: file.path), UTF8Evidence(validSequences: 6, invalidStretches: 0))
        XCTAssertEqual(try TextEncoding.resolveAuto(file: file.path), .utf8)
    }
}

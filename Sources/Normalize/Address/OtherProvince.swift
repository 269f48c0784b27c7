/// The province-level divisions other than Guizhou, to recognise an address that lies outside the province
/// (`四川省成都市…`, `重庆市渝中区…`, `广西南宁市…`) instead of reading its divisions as a compound's name or filling
/// them in from the source's context.
///
/// Only the start of an address counts. A full name (四川省, 重庆市, 广西壮族自治区) is enough, except that a
/// municipality's name followed by 场 is a market (北京市场). A short name (四川, 广西) counts only when a name of
/// two to five characters ending in 市, 州, 盟, 区 or 县 follows (四川成都市, 江西赣州市, 四川成都武侯区, 湖南湘西州,
/// 重庆渝中区), with no character in it that ends a road, a village or a compound, because Guizhou has roads,
/// communities and villages named after provinces (北京路, 河北井社区, 江西坡镇, 云南寨).
enum OtherProvince {
    /// The province the text starting at `start` names, as it should be spelled (`四川省`), with the length of what
    /// the text wrote; nil when the text names no other province there.
    static func named(in text: [UInt32], at start: Int) -> (name: String, length: Int)? {
        for province in provinces {
            for form in province.fullForms where AddressText.hasPrefix(form, in: text, at: start) {
                if province.isMunicipality, start + form.count < text.count, text[start + form.count] == market {
                    continue
                }
                return (province.name, form.count)
            }
            if AddressText.hasPrefix(province.shortForm, in: text, at: start) {
                // A prefecture, district or county of two to five characters comes next (四川成都市, 江西赣州市,
                // 四川成都武侯区, 湖南湘西州, 重庆渝中区), none of them a character that ends a road, a village or
                // a compound (北京路, 河北井社区, 江西坡镇 are Guizhou's).
                let from = start + province.shortForm.count
                var at = from
                while at < min(text.count, from + 6), !notInPrefectureName.contains(text[at]) {
                    if at - from >= 2, endings.contains(text[at]),
                       !(text[at] == city && at + 1 < text.count && text[at + 1] == market) {
                        return (province.name, province.shortForm.count)
                    }
                    at += 1
                }
            }
        }
        return nil
    }

    private struct Province {
        let name: String
        let fullForms: [[UInt32]]
        let shortForm: [UInt32]
        let isMunicipality: Bool

        init(_ name: String, short: String, also: [String] = []) {
            self.name = name
            fullForms = ([name] + also).map(AddressText.scalars(ofLiteral:))
            shortForm = AddressText.scalars(ofLiteral: short)
            isMunicipality = name.hasSuffix("市")
        }
    }

    private static let market = AddressText.scalars(ofLiteral: "场")[0]
    private static let city = AddressText.scalars(ofLiteral: "市")[0]
    private static let endings = Set("市州盟区县".unicodeScalars.map(\.value))
    private static let notInPrefectureName = Set("路街道巷镇乡村组号栋楼小园社苑院厂".unicodeScalars.map(\.value))

    private static let provinces: [Province] = [
        Province("北京市", short: "北京"), Province("天津市", short: "天津"), Province("河北省", short: "河北"),
        Province("山西省", short: "山西"), Province("内蒙古自治区", short: "内蒙古"), Province("辽宁省", short: "辽宁"),
        Province("吉林省", short: "吉林"), Province("黑龙江省", short: "黑龙江"), Province("上海市", short: "上海"),
        Province("江苏省", short: "江苏"), Province("浙江省", short: "浙江"), Province("安徽省", short: "安徽"),
        Province("福建省", short: "福建"), Province("江西省", short: "江西"), Province("山东省", short: "山东"),
        Province("河南省", short: "河南"), Province("湖北省", short: "湖北"), Province("湖南省", short: "湖南"),
        Province("广东省", short: "广东"), Province("广西壮族自治区", short: "广西", also: ["广西自治区"]),
        Province("海南省", short: "海南"), Province("重庆市", short: "重庆"), Province("四川省", short: "四川"),
        Province("云南省", short: "云南"), Province("西藏自治区", short: "西藏"), Province("陕西省", short: "陕西"),
        Province("甘肃省", short: "甘肃"), Province("青海省", short: "青海"),
        Province("宁夏回族自治区", short: "宁夏", also: ["宁夏自治区"]),
        Province("新疆维吾尔自治区", short: "新疆", also: ["新疆自治区"]), Province("台湾省", short: "台湾"),
        Province("香港特别行政区", short: "香港"), Province("澳门特别行政区", short: "澳门"),
    ]
}

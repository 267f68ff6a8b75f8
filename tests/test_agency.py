"""Agency names: level from the name, 简称/全称 matching, normalisation."""
from __future__ import annotations

import pytest

from report import format as fmt
from report.agency import agency_matches, infer_level, normalize_agency, same_agency, split_agency


@pytest.mark.parametrize("name, level", [
    ("青溪县市场监督管理局", "县级部门"),
    ("青溪县人民政府", "县级人民政府"),
    ("云岭市生态环境局", "市级部门"),
    # 县级市 (not in the table of 地级市) and a city department's branch in a district: county tier
    ("高平市人民政府办公室", "县级部门"), ("漳平市审计局", "县级部门"), ("昆山市人民政府", "县级人民政府"),
    ("福建省漳平市审计局", "县级部门"), ("深圳市公安局龙华分局", "县级部门"), ("深圳市市场监督管理局龙华监管局", "县级部门"),
    ("苏州市人民政府", "设区的市人民政府"), ("吉林市人民政府", "设区的市人民政府"), ("嘉兴市人民政府办公室", "市级部门"),
    ("深圳市公安局", "市级部门"), ("上海市普陀区人民政府", "县级人民政府"),
    ("青溪县桃源镇人民政府", "乡镇街道"),
    ("郑州市上街区文化广电旅游体育局", "县级部门"),
    ("上海市人民政府", "省级人民政府"),
    ("上海市人民政府办公厅", "省级部门"),
    ("上海市普陀区人民政府", "县级人民政府"),
    ("淮安市人民政府", "设区的市人民政府"),
    ("江苏省淮安市人民政府", "设区的市人民政府"),
    ("广东省人民政府", "省级人民政府"),
    ("广东省人民政府参事室（文史研究馆）", "省级部门"),
    ("国家新闻出版署", "国务院部门"),
    ("教育部", "国务院部门"),
    ("深圳市龙华区民治街道办事处", "乡镇街道"),
    ("六枝特区落别乡人民政府", "乡镇街道"),
    ("西咸新区太平镇人民政府", "乡镇街道"),
    ("重庆市大足区人民政府外事办公室", "县级部门"),
    ("黔东南州凯里市人民政府", "县级人民政府"),
    ("北京市东城区人民政府", "县级人民政府"),
    ("青溪县住房和城乡建设局", "县级部门"),
    ("区文广旅体局", "县级部门"),
])
def test_infer_level(name, level):
    assert level in fmt.LEVELS
    assert infer_level(name) == level


@pytest.mark.parametrize("name", ["", "   ", None, "市场监督管理局", "乳山经济开发区"])
def test_infer_level_unknown(name):
    assert infer_level(name) is None


def test_split_keeps_organ_words_out_of_units():
    assert split_agency("青溪县市场监督管理局").units == (("青溪", "县"),)
    assert split_agency("青溪县城镇住房保障局").organ == "城镇住房保障局"
    assert split_agency("郑州市上街区文化广电旅游体育局").units == (("郑州", "市"), ("上街", "区"))


def test_normalize_agency():
    assert normalize_agency(" 广东省人民政府参事室(文史研究馆) ") == "广东省人民政府参事室"
    assert normalize_agency("青溪县 人民政府") == "青溪县人民政府"


@pytest.mark.parametrize("a, b", [
    ("区文广旅体局", "郑州市上街区文化广电旅游体育局"),
    ("上街区文广旅体局", "郑州市上街区文化广电旅游体育局"),
    ("青溪县市场监管局", "青溪县市场监督管理局"),
    ("县市场监管局", "青溪县市场监督管理局"),
    ("青溪县政府", "青溪县人民政府"),
    ("桃源镇政府", "青溪县桃源镇人民政府"),
    ("云岭市生态环境局", "云岭市 生态环境局"),
])
def test_agency_matches(a, b):
    assert agency_matches(a, b) and agency_matches(b, a)


@pytest.mark.parametrize("a, b", [
    ("青溪县人民政府", "青溪县人民政府办公室"),
    ("青溪县人民政府", "云岭市人民政府"),
    ("青溪县桃源镇人民政府", "青溪县人民政府"),
    ("市场监管局", "青溪县市场监督管理局"),  # no place at all: too vague
    ("区文广旅体局", "青溪县文化广电旅游体育局"),  # 区 is not 县
    ("青溪县市场监督管理局", "青溪县生态环境局"),
    ("", "青溪县人民政府"),
])
def test_agency_does_not_match(a, b):
    assert not agency_matches(a, b) and not agency_matches(b, a)


def test_same_agency_prefers_the_exact_name_and_refuses_an_ambiguous_abbreviation():
    names = ["青溪县市场监督管理局", "青溪县 市场监督管理局", "青溪县人民政府"]
    assert same_agency("青溪县市场监督管理局", names) == names[:2]
    assert same_agency("青溪县市场监管局", names) == names[:2]  # 简称 of one agency (two spellings)
    assert same_agency("县政府", ["青溪县人民政府", "松川县人民政府"]) == []  # which county's?
    assert same_agency(None, names) == [] and same_agency("云岭市生态环境局", names) == []


def test_the_table_of_prefecture_cities_is_data_and_complete_in_count():
    from report.agency import PREFECTURE_CITIES, _LEVEL_DATA

    real = _LEVEL_DATA["prefecture_cities"]
    assert len(real) == len(set(real)) == 293  # the 地级市 of 2019 onwards
    assert {"深圳", "吉林", "朝阳", "儋州"} <= PREFECTURE_CITIES and not {"高平", "广德", "漳平", "昆山"} & PREFECTURE_CITIES
